import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRoles } from '@fpn/core';
import { renderNotePdf } from './note-pdf';
import { NOTE_READERS } from './notes.resolver';
import { Notes } from './notes.service';

/** A file name from a reference: `NCT/G/35` → `NCT-G-35`. */
const fileName = (reference: string) => reference.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * `/notes/<id>.pdf` and `/notes/<id>.md` (docs/workflows.md): Bearer
 * authentication and the PolicyGuard as on /graphql, for the Secretariat and
 * coordinators. Any other caller is refused whatever the id, and an unknown
 * id is 404, so the answer never tells which notes exist.
 */
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: Notes) {}

  @Get(':id.pdf')
  @RequireRoles(...NOTE_READERS)
  async pdf(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const note = await this.notes.get(id);
    const pdf = await renderNotePdf({
      reference: note.reference,
      titleEn: note.titleEn,
      bodyEn: note.markdownEn,
      bodyRu: note.markdownRu,
      issuedAt: note.issuedAt,
    });
    response
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        'Content-Length': String(pdf.length),
        'Content-Disposition': `attachment; filename="${fileName(note.reference)}.pdf"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(pdf);
  }

  @Get(':id.md')
  @RequireRoles(...NOTE_READERS)
  async markdown(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const note = await this.notes.get(id);
    const body = Buffer.from(note.markdown, 'utf8');
    response
      .status(200)
      .set({
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Length': String(body.length),
        'Content-Disposition': `attachment; filename="${fileName(note.reference)}.md"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(body);
  }
}
