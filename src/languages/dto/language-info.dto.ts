import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LanguageInfo } from '../../../libs/contracts/index.js';

/** OpenAPI description of LanguageInfo (libs/contracts/language-info.ts). */
export class LanguageInfoDto implements LanguageInfo {
  @ApiProperty({ description: 'Id to use in submissions.', example: 'cpp17' })
  id: string;

  @ApiProperty({ example: 'C++17 (g++ -O2)' })
  name: string;

  @ApiProperty({ description: 'Toolchain version detected when the worker started.', example: 'g++ (Debian 12.2.0-14) 12.2.0' })
  version: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'File name endings a source may have, the usual one first (absent from older workers).',
    example: ['.cpp', '.cc', '.cxx', '.c++'],
  })
  extensions?: string[];
}
