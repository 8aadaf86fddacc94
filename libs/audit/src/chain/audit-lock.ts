/**
 * The advisory lock the chainer and the checkpointer take in their
 * transaction: one of them at a time, across every worker replica.
 */
export const AUDIT_CHAIN_LOCK_KEY = 4_171_202_612;
