// `npm run bench`: benchmarks arrive with the performance work; nothing to measure yet.
console.log('No benchmarks yet.');
