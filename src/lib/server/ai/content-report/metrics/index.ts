// The measures behind `npm run report:content`: pure functions over generated text, so each one is
// unit-tested on its own (metrics.spec.ts) and the report only wires them to the generators. One
// file per kind of measure.
export * from './shapes.ts';
export * from './voice.ts';
export * from './grammar.ts';
export * from './comments.ts';
export * from './tags.ts';
export * from './images.ts';
