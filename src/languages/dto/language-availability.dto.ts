import { ApiProperty } from '@nestjs/swagger';
import type { LanguageAvailability } from '../languages.service.js';

/** OpenAPI description of LanguageAvailability (an entry of `GET /languages`). */
export class LanguageAvailabilityDto implements LanguageAvailability {
  @ApiProperty({ description: 'Id to use in submissions.', example: 'cpp17' })
  id: string;

  @ApiProperty({ example: 'C++17 (g++ -O2)' })
  name: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Toolchain version a worker detected at its start; null while no worker has answered.',
    example: 'g++ (Debian 12.2.0-14) 12.2.0',
  })
  version: string | null;

  @ApiProperty({
    description:
      'Whether a worker offers it now. While no worker has answered yet, every language of the table is listed with `served: false`; submissions in them are accepted and wait in the queue.',
  })
  served: boolean;

  @ApiProperty({
    type: [String],
    description: "File name endings of the language's sources, the usual one first (clients guess a language from a file name with them).",
    example: ['.cpp', '.cc', '.cxx', '.c++'],
  })
  extensions: string[];
}
