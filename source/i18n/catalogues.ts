// The catalogues the dashboard ships, by language. A language is its catalogue's file and one
// line here: `export {ja} from './ja.js';`.
export {en} from './en.js';
export {ja} from './ja.js';
