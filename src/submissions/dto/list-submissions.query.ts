import { CursorPageQuery } from '../../common/cursor-page.query.js';

/** Query of `GET /submissions`. */
export class ListSubmissionsQuery extends CursorPageQuery {}
