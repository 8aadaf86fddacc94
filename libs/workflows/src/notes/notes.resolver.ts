import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles } from '@fpn/core';
import { type AuthenticatedRequest, originOf, Role } from '@fpn/identity';
import {
  CreateNoteSeriesInput,
  IssueCirculationNoteInput,
  NoteModel,
  NotePageModel,
  NoteSeriesModel,
} from './notes.models';
import { type NoteCaller, Notes } from './notes.service';

/** Who reads notes: the Secretariat, and the coordinators the notes are sent to. */
export const NOTE_READERS = [
  Role.SECRETARIAT_ADMIN,
  Role.SECRETARIAT_OFFICER,
  Role.STATE_COORDINATOR,
] as const;

function callerOf(request: AuthenticatedRequest): NoteCaller {
  const user = request.principal?.user;
  if (!user)
    throw new Error('no signed-in account on the request: the operation must not be public');
  return { userId: user.id, role: user.role };
}

/** Numbered notes (docs/workflows.md): reading them, their series, issuing a circulation. */
@Resolver()
export class NotesResolver {
  constructor(private readonly service: Notes) {}

  @Query(() => NotePageModel, {
    description:
      'Numbered notes, newest first (the Secretariat and coordinators). Filter by series, year at the seat or silence procedure.',
  })
  @RequireRoles(...NOTE_READERS)
  notes(
    @Args('seriesKey', { type: () => String, nullable: true }) seriesKey: string | null,
    @Args('year', { type: () => Int, nullable: true }) year: number | null,
    @Args('procedureId', { type: () => ID, nullable: true }) procedureId: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NotePageModel> {
    return this.service.list({ seriesKey, year, procedureId, first, after });
  }

  @Query(() => NoteModel, { description: 'One note, with its Markdown and download paths.' })
  @RequireRoles(...NOTE_READERS)
  note(@Args('id', { type: () => ID }) id: string): Promise<NoteModel> {
    return this.service.get(id);
  }

  @Query(() => [NoteSeriesModel], { description: 'The note series.' })
  @RequireRoles(...NOTE_READERS)
  noteSeries(): Promise<NoteSeriesModel[]> {
    return this.service.series();
  }

  @Mutation(() => NoteSeriesModel, {
    description: 'Secretariat administrators: a new series of numbered notes (audited).',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  createNoteSeries(
    @Context('req') request: AuthenticatedRequest,
    @Args('input') input: CreateNoteSeriesInput,
  ): Promise<NoteSeriesModel> {
    return this.service.createSeries(callerOf(request), input, originOf(request));
  }

  @Mutation(() => NoteModel, {
    description:
      "The Secretariat circulates a note (the next number in the series), or registers one numbered elsewhere (`number`); sent to every state's coordinators. A number already taken is CONFLICT NOTE_NUMBER_TAKEN.",
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER)
  issueNote(
    @Context('req') request: AuthenticatedRequest,
    @Args('input') input: IssueCirculationNoteInput,
  ): Promise<NoteModel> {
    return this.service.issueCirculation(callerOf(request), input, originOf(request));
  }
}
