import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import type { Route } from '@/lib/http/route';
import {
  ALERT_RULES_MAX,
  ALERT_RULES_PATH,
  ALERTS_PATH,
  type AlertList,
  type AlertRuleInput,
  type AlertRuleList,
  type AlertView,
  DEFAULT_BOARD,
} from '@/lib/protocol';
import type { AlertStore } from '@/lib/store/alert-store';
import { ALERT_RULE_BODY_MAX_BYTES, parseAlertRule, parseRuleId } from './alert-rule-schema';

export type AlertRouteDeps = {
  store: AlertStore;
  /** The engine: read again after a change; its states answer `GET /api/alerts`. */
  engine: { reload(): Promise<void>; views(): AlertView[] };
  /** Whether a board slug exists (the default board always does). */
  boardExists(slug: string): Promise<boolean>;
};

/**
 * The alerts API (docs/protocol.md#alerts): `GET /api/alert-rules` -> `{"rules"}`; `POST` a
 * rule -> 201 with its `id`; `PUT`/`DELETE /api/alert-rules/<id>` (404 for an unknown id, its
 * state forgotten); `GET /api/alerts` -> every rule's state, firing first. Gated like the
 * layout API (`session`; CSRF and body rules by the router).
 */
export function alertRoutes(deps: AlertRouteDeps): Route[] {
  const checked = async (text: string): Promise<AlertRuleInput> => {
    const rule = parseAlertRule(text);
    if (rule.board !== undefined && rule.board !== DEFAULT_BOARD.slug) {
      if (!(await deps.boardExists(rule.board))) {
        throw new AppError('validation_failed', `body.board: there is no board ${rule.board}`);
      }
    }
    return rule;
  };
  return [
    {
      methods: ['GET', 'HEAD'],
      path: ALERT_RULES_PATH,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res }) => {
        const answer: AlertRuleList = { rules: await deps.store.listRules() };
        sendJson(res, 200, answer);
      },
    },
    {
      methods: ['POST'],
      path: ALERT_RULES_PATH,
      auth: 'session',
      bodyMaxBytes: ALERT_RULE_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, body }) => {
        const input = await checked(body?.text ?? '');
        if ((await deps.store.listRules()).length >= ALERT_RULES_MAX) {
          throw new AppError(
            'conflict',
            `this server keeps at most ${ALERT_RULES_MAX} alert rules: delete one first`,
          );
        }
        const rule = await deps.store.createRule(input);
        await deps.engine.reload();
        sendJson(res, 201, rule);
      },
    },
    {
      methods: ['PUT'],
      path: `${ALERT_RULES_PATH}/:id`,
      auth: 'session',
      bodyMaxBytes: ALERT_RULE_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, body, params }) => {
        const id = parseRuleId(params.id);
        const rule = await deps.store.updateRule(id, await checked(body?.text ?? ''));
        await deps.engine.reload();
        sendJson(res, 200, rule);
      },
    },
    {
      methods: ['DELETE'],
      path: `${ALERT_RULES_PATH}/:id`,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res, params }) => {
        await deps.store.deleteRule(parseRuleId(params.id));
        await deps.engine.reload();
        res.writeHead(204).end();
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: ALERTS_PATH,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res }) => {
        const answer: AlertList = { alerts: deps.engine.views() };
        sendJson(res, 200, answer);
      },
    },
  ];
}
