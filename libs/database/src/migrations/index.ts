import { DirectoryReference1795852800000 } from './1795852800000-directory-reference';

/** Every migration, in order. A new migration is added here. */
export const MIGRATIONS = [DirectoryReference1795852800000];
