// `jwt-mfa`: the terminal face (filled in next).
process.exitCode = 0;
