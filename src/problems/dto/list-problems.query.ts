import { CursorPageQuery } from '../../common/cursor-page.query.js';

/** Query of `GET /problems`. */
export class ListProblemsQuery extends CursorPageQuery {}
