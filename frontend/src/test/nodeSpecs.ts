// Node type declarations as GET /api/v1/node-types/ serves them (a few built-ins), for tests.
import type { NodeSpec } from '../api/designer';

// Kept as the API sends them, extra keys included; the designer reads only what NodeSpec names.
const SERVED: unknown = [
  {
    typeId: 'core.switch',
    version: 1,
    displayName: 'Switch',
    description: 'Sends each item to the first rule whose JSONata condition it meets.',
    category: 'Flow',
    icon: 'split',
    kind: 'logic',
    configSchema: {
      type: 'object',
      properties: {
        rules: {
          type: 'array',
          title: 'Rules',
          description: 'Checked in order; each rule is an output named after it.',
          items: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
                title: 'Output name',
                pattern: '^[A-Za-z0-9_-]+$',
              },
              condition: {
                type: 'string',
                title: 'Condition',
                minLength: 1,
              },
            },
            required: ['name', 'condition'],
            additionalProperties: false,
          },
          default: [],
        },
        fallback: {
          type: 'boolean',
          title: 'Fallback output',
          description: "Whether items that meet no rule leave by 'fallback'; otherwise they stop here.",
          default: true,
        },
      },
      required: ['rules'],
      additionalProperties: false,
    },
    ui: {
      rules: {
        widget: 'keyValue',
        keyField: 'name',
        valueField: 'condition',
        valueWidget: 'jsonata',
      },
      fallback: {
        widget: 'select',
        options: [
          {
            value: true,
            label: "Send the rest to 'fallback'",
          },
          {
            value: false,
            label: 'Drop the rest',
          },
        ],
      },
      outputsFrom: {
        field: 'rules',
        portField: 'name',
        fallbackPort: 'fallback',
      },
    },
    inputs: [
      {
        name: 'main',
        displayName: 'Input',
        dataType: 'any',
        isError: false,
      },
    ],
    outputs: [
      {
        name: 'fallback',
        displayName: 'Fallback',
        dataType: 'any',
        isError: false,
      },
      {
        name: 'error',
        displayName: 'Error',
        dataType: 'any',
        isError: true,
      },
    ],
    credentialType: null,
    retry: {
      maximumAttempts: 1,
      initialInterval: 1.0,
      backoffCoefficient: 2.0,
      maximumInterval: 300.0,
      jitter: 0.1,
      nonRetryableCodes: [],
      retryableCodes: [],
    },
    timeoutSeconds: 10.0,
    sideEffects: 'none',
    expressionFields: ['rules[].condition'],
    trigger: null,
    triggerModeField: null,
  },
  {
    typeId: 'core.http.request',
    version: 1,
    displayName: 'HTTP Request',
    description: 'Calls a URL for each item and passes on the response.',
    category: 'HTTP',
    icon: 'globe',
    kind: 'action',
    configSchema: {
      type: 'object',
      properties: {
        method: {
          type: 'string',
          title: 'Method',
          enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
          default: 'GET',
        },
        url: {
          type: 'string',
          title: 'URL (JSONata)',
          description: "A JSONata string, e.g. 'https://api.example.com/orders/' & id.",
          minLength: 1,
        },
        query: {
          type: 'string',
          title: 'Query parameters (JSONata)',
          description: 'An object of parameters; empty for none.',
          default: '',
        },
        headers: {
          type: 'object',
          title: 'Headers',
          additionalProperties: {
            type: 'string',
          },
          default: {},
        },
        bodyMode: {
          type: 'string',
          title: 'Body',
          enum: ['none', 'json', 'jsonata'],
          default: 'none',
        },
        json: {
          title: 'JSON body',
          default: {},
        },
        body: {
          type: 'string',
          title: 'Body (JSONata)',
          default: '',
        },
        idempotencyKey: {
          type: 'string',
          title: 'Idempotency key (JSONata)',
          description:
            "Makes a POST, PUT, PATCH or DELETE happen once per key whatever retries or crashes occur, e.g. 'order:' & id & ':' & revision. Sent as the Idempotency-Key header.",
          default: '',
        },
        reconcileUrl: {
          type: 'string',
          title: 'Check URL (JSONata)',
          description:
            'After an uncertain call (a timeout after sending), Ferry GETs this URL: 2xx means the effect exists, 404 that it does not. Empty: an uncertain call waits for a person.',
          default: '',
        },
      },
      required: ['method', 'url'],
      additionalProperties: false,
    },
    ui: {
      method: {
        widget: 'select',
      },
      url: {
        widget: 'jsonata',
        placeholder: "'https://api.example.com/items'",
      },
      query: {
        widget: 'jsonata',
        placeholder: "{ 'limit': 50 }",
      },
      headers: {
        widget: 'keyValue',
      },
      bodyMode: {
        widget: 'select',
        options: [
          {
            value: 'none',
            label: 'No body',
          },
          {
            value: 'json',
            label: 'Fixed JSON',
          },
          {
            value: 'jsonata',
            label: 'Computed by JSONata',
          },
        ],
      },
      json: {
        widget: 'json',
        showWhen: {
          bodyMode: 'json',
        },
      },
      body: {
        widget: 'jsonata',
        showWhen: {
          bodyMode: 'jsonata',
        },
      },
      idempotencyKey: {
        widget: 'jsonata',
        placeholder: "'order:' & id",
      },
      reconcileUrl: {
        widget: 'jsonata',
        placeholder: "'https://api.example.com/orders/' & id",
      },
      connection: {
        widget: 'credentials',
        credentialTypes: ['core.http.basic', 'core.http.bearer', 'core.http.header'],
      },
    },
    inputs: [
      {
        name: 'main',
        displayName: 'Input',
        dataType: 'any',
        isError: false,
      },
    ],
    outputs: [
      {
        name: 'main',
        displayName: 'Output',
        dataType: 'any',
        isError: false,
      },
      {
        name: 'error',
        displayName: 'Error',
        dataType: 'any',
        isError: true,
      },
    ],
    credentialType: null,
    retry: {
      maximumAttempts: 3,
      initialInterval: 2.0,
      backoffCoefficient: 2.0,
      maximumInterval: 300.0,
      jitter: 0.1,
      nonRetryableCodes: [],
      retryableCodes: [],
    },
    timeoutSeconds: 30.0,
    sideEffects: 'unsafe',
    expressionFields: ['url', 'query', 'body', 'idempotencyKey', 'reconcileUrl'],
    trigger: null,
    triggerModeField: null,
  },
  {
    typeId: 'core.jsonata.map',
    version: 1,
    displayName: 'JSONata Map',
    description: 'Reshapes items with a JSONata expression.',
    category: 'Transform',
    icon: 'braces',
    kind: 'logic',
    configSchema: {
      type: 'object',
      properties: {
        expression: {
          type: 'string',
          title: 'Expression',
          description: "JSONata; the item is the input, $trigger the run's payload.",
          minLength: 1,
          default: '$',
        },
        mode: {
          type: 'string',
          title: 'Apply to',
          enum: ['each', 'all'],
          default: 'each',
        },
      },
      required: ['expression'],
      additionalProperties: false,
    },
    ui: {
      expression: {
        widget: 'jsonata',
        placeholder: "{ 'reference': order.ref }",
      },
      mode: {
        widget: 'select',
        options: [
          {
            value: 'each',
            label: 'Each item on its own',
          },
          {
            value: 'all',
            label: 'All items at once, as an array',
          },
        ],
      },
    },
    inputs: [
      {
        name: 'main',
        displayName: 'Input',
        dataType: 'any',
        isError: false,
      },
    ],
    outputs: [
      {
        name: 'main',
        displayName: 'Output',
        dataType: 'any',
        isError: false,
      },
      {
        name: 'error',
        displayName: 'Error',
        dataType: 'any',
        isError: true,
      },
    ],
    credentialType: null,
    retry: {
      maximumAttempts: 1,
      initialInterval: 1.0,
      backoffCoefficient: 2.0,
      maximumInterval: 300.0,
      jitter: 0.1,
      nonRetryableCodes: [],
      retryableCodes: [],
    },
    timeoutSeconds: 10.0,
    sideEffects: 'none',
    expressionFields: ['expression'],
    trigger: null,
    triggerModeField: null,
  },
  {
    typeId: 'core.trigger.manual',
    version: 1,
    displayName: 'Manual Trigger',
    description: 'Starts a run when a person clicks Run or calls the run API.',
    category: 'Triggers',
    icon: 'play',
    kind: 'trigger',
    configSchema: {
      type: 'object',
      properties: {
        samplePayload: {
          title: 'Sample payload',
          description: 'Used when a test run is started without a payload.',
          default: {},
        },
      },
      additionalProperties: false,
    },
    ui: {
      samplePayload: {
        widget: 'json',
      },
    },
    inputs: [],
    outputs: [
      {
        name: 'main',
        displayName: 'Output',
        dataType: 'any',
        isError: false,
      },
    ],
    credentialType: null,
    retry: {
      maximumAttempts: 1,
      initialInterval: 1.0,
      backoffCoefficient: 2.0,
      maximumInterval: 300.0,
      jitter: 0.1,
      nonRetryableCodes: [],
      retryableCodes: [],
    },
    timeoutSeconds: 5.0,
    sideEffects: 'none',
    expressionFields: [],
    trigger: null,
    triggerModeField: null,
  },
  {
    typeId: 'core.trigger.webhook',
    version: 1,
    displayName: 'Webhook',
    description: "Starts a run when a system posts JSON to the workflow's hook URL.",
    category: 'Triggers',
    icon: 'webhook',
    kind: 'trigger',
    configSchema: {
      type: 'object',
      properties: {
        idempotencyKey: {
          type: 'string',
          title: 'Idempotency key',
          description:
            "JSONata on the payload giving the event's unique key; empty uses the Idempotency-Key header or a hash of the body.",
          default: '',
        },
        responseMode: {
          type: 'string',
          title: 'Respond',
          description:
            'How the hook answers: at once, with 202 and the run id. The event is stored before the answer, so it is never lost.',
          enum: ['immediately'],
          default: 'immediately',
        },
      },
      additionalProperties: false,
    },
    ui: {
      idempotencyKey: {
        widget: 'jsonata',
        placeholder: "order.id & '-' & order.date",
      },
      responseMode: {
        widget: 'select',
        options: [
          {
            value: 'immediately',
            label: 'Immediately, with the run id (202)',
          },
        ],
      },
      connection: {
        widget: 'credentials',
        help: 'Optional: require signed calls.',
      },
    },
    inputs: [],
    outputs: [
      {
        name: 'main',
        displayName: 'Output',
        dataType: 'any',
        isError: false,
      },
    ],
    credentialType: 'core.webhook.hmac',
    retry: {
      maximumAttempts: 1,
      initialInterval: 1.0,
      backoffCoefficient: 2.0,
      maximumInterval: 300.0,
      jitter: 0.1,
      nonRetryableCodes: [],
      retryableCodes: [],
    },
    timeoutSeconds: 5.0,
    sideEffects: 'none',
    expressionFields: ['idempotencyKey'],
    trigger: 'webhook',
    triggerModeField: null,
  },
];

export const SPECS = SERVED as NodeSpec[];

export function spec(typeId: string): NodeSpec {
  const found = SPECS.find((s) => s.typeId === typeId);
  if (!found) throw new Error(typeId);
  return found;
}
