export { parseSearch, SearchSyntaxError, type Term, type Condition } from './parse.js';
export { matchesSearch } from './match.js';
