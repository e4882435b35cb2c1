/** The SLO catalog sloforge compiles by default. */
import { catalog } from 'sloforge';
import { kimberly } from './kimberly.js';

export default catalog(kimberly);
