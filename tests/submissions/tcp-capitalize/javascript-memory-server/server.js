// Keeps every 64 MiB buffer it makes, until an allocation fails.
const kept = [];
for (;;) kept.push(Buffer.alloc(64 << 20, 1));
