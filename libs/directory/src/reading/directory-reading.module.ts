import { Module } from '@nestjs/common';
import { AuthorityQueries } from './authority-queries.service';
import { DirectoryCache } from './directory-cache';
import { DirectoryLoaderFactory } from './directory-loaders';
import { DirectoryScope } from './directory-scope';
import { RosterQueries } from './roster-queries.service';

/** Reading the roster in the caller's scope; its resolvers are in the api's list. */
@Module({
  providers: [
    DirectoryCache,
    DirectoryScope,
    RosterQueries,
    AuthorityQueries,
    DirectoryLoaderFactory,
  ],
  exports: [
    DirectoryCache,
    DirectoryScope,
    RosterQueries,
    AuthorityQueries,
    DirectoryLoaderFactory,
  ],
})
export class DirectoryReadingModule {}
