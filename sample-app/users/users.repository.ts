import { Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_DB_COLLECTION_NAME, ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import { SpanAttribute, Traced } from 'nestjs-tracing';

/** `db.system.name` value for SQLite; only in the incubating conventions so far, so written here. */
const DB_SYSTEM_NAME_VALUE_SQLITE = 'sqlite';

export interface User {
  id: string;
  name: string;
  active: boolean;
}

/** Stands in for a SQLite table; traced as a CLIENT span, the way a real query would be. */
@Injectable()
export class UsersRepository {
  private readonly rows = new Map<string, User>([
    ['123', { id: '123', name: 'Ada', active: true }],
    ['124', { id: '124', name: 'Grace', active: false }],
  ]);

  @Traced({
    name: 'SELECT users',
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_SQLITE,
      [ATTR_DB_COLLECTION_NAME]: 'users',
      [ATTR_DB_OPERATION_NAME]: 'SELECT',
    },
  })
  async findById(@SpanAttribute('user.id') id: string): Promise<User | undefined> {
    return this.rows.get(id);
  }
}
