// Preloaded into a measured process (node --import): prints its peak resident memory at exit.
process.on('exit', () => process.stderr.write(`sloforge-bench-maxrss-kb=${process.resourceUsage().maxRSS}\n`));
