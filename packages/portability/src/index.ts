/**
 * @module @carepass/portability
 *
 * Crosswalks between care frameworks and recognition of prior learning. (Under construction: see
 * the open issue on portability.)
 */
export {};
