// The inspector webview's script (filled in by the inspector feature).
export {};
