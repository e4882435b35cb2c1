/** The SLO catalog sloforge compiles by default. */
import { catalog } from '../src/catalog/index.js';
import { kimberly } from './kimberly.js';

export default catalog(kimberly);
