import { ApiProperty } from '@nestjs/swagger';
import { Verdict, type GroupResult } from '../../../libs/contracts/index.js';

/** OpenAPI description of GroupResult (libs/contracts/group-result.ts). */
export class GroupResultDto implements GroupResult {
  @ApiProperty({ example: 'secret/group1' })
  name: string;

  @ApiProperty({
    enum: Verdict,
    nullable: true,
    description: "AC when every test case passed, else the first rejection's verdict; null when not judged.",
  })
  verdict: Verdict | null;

  @ApiProperty({ minimum: 0, description: 'Points the group is worth (0 for samples and pass-fail problems).' })
  points: number;

  @ApiProperty({ minimum: 0, description: 'Points scored: `points` when accepted, else 0.' })
  score: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Test cases in the group.' })
  testCount: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Test cases accepted.' })
  passed: number;
}
