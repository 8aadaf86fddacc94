import { Module } from '@nestjs/common';
import { DirectoryModule } from '@fpn/directory';
import { IdentityModule } from '@fpn/identity';
import { KeptGraphqlAnswers } from './kept-responses';

/** One `KeptGraphqlAnswers` for Apollo's plugin and the HTTP middleware before it. */
@Module({
  imports: [DirectoryModule, IdentityModule],
  providers: [KeptGraphqlAnswers],
  exports: [KeptGraphqlAnswers],
})
export class KeptAnswersModule {}
