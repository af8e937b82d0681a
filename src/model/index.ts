export * from './enums.js';
export * from './company.js';
export * from './insider.js';
export * from './declaration.js';
export * from './signal.js';
export * from './price.js';
export * from './summary.js';
export * from './slug.js';
