/**
 * A text starting with this is never prepared by the app's connections
 * (@fpn/database `preparingClient`): its best plan depends on its
 * values (a pattern that one letter matches everywhere, or none), and a
 * generic plan chosen for one would serve all — measured 20 times slower for
 * a one-letter directory search.
 */
export const PLANNED_EACH_CALL = '/* planned each call */ ';
