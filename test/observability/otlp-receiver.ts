import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";

/** A span as received, either encoding: ids as lowercase hex, attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface ReceivedExport {
  path: string;
  contentType: string;
  body: Buffer;
}

/**
 * A loopback OTLP/HTTP trace receiver: records every POST and decodes protobuf (with the small wire-format reader
 * below, written from opentelemetry-proto's trace.proto, not with the exporter's own code) or JSON. With `stall`,
 * it reads each request and never answers, as a hung collector does.
 */
export async function startOtlpReceiver(options: { stall?: boolean } = {}) {
  const exports: ReceivedExport[] = [];
  const held: ServerResponse[] = [];
  let notify: (() => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", chunk => chunks.push(chunk as Buffer));
    req.on("end", () => {
      exports.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "", body: Buffer.concat(chunks) });
      if (options.stall) held.push(res);
      else res.writeHead(200, { "content-type": req.headers["content-type"] ?? "application/json" }).end();
      const waiting = notify;
      notify = [];
      for (const resolve of waiting) resolve();
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    /** Requests read and never answered (stall mode). */
    held,
    spans(): ReceivedSpan[] {
      return exports.flatMap(e => (e.contentType.startsWith("application/json") ? jsonSpans(e.body) : protobufSpans(e.body)));
    },
    /** Resolves once `predicate` holds for the spans received, checking after each export. */
    async waitFor(predicate: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
      for (;;) {
        const spans = this.spans();
        if (predicate(spans)) return spans;
        await new Promise<void>(resolve => notify.push(resolve));
      }
    },
    async stop(): Promise<void> {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

// ---- OTLP JSON ----

interface JsonAnyValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: JsonAnyValue[] };
}
type JsonKeyValue = { key: string; value: JsonAnyValue };

function jsonValue(value: JsonAnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonValue);
  return undefined;
}

const jsonAttributes = (list: JsonKeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map(kv => [kv.key, jsonValue(kv.value)]));

function jsonSpans(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString()) as {
    resourceSpans: {
      resource?: { attributes?: JsonKeyValue[] };
      scopeSpans: {
        spans: {
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind: number;
          attributes?: JsonKeyValue[];
        }[];
      }[];
    }[];
  };
  return request.resourceSpans.flatMap(rs =>
    rs.scopeSpans.flatMap(ss =>
      ss.spans.map(span => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? "",
        name: span.name,
        kind: span.kind,
        attributes: jsonAttributes(span.attributes),
        resource: jsonAttributes(rs.resource?.attributes),
      })),
    ),
  );
}

// ---- OTLP protobuf (a minimal reader of the wire format) ----

type Field = { number: number; varint?: bigint; bytes?: Buffer };

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[at++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (at < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        out.push({ number, varint: varint() });
        break;
      case 1:
        out.push({ number, bytes: buffer.subarray(at, at + 8) });
        at += 8;
        break;
      case 2: {
        const length = Number(varint());
        out.push({ number, bytes: buffer.subarray(at, at + length) });
        at += length;
        break;
      }
      case 5:
        out.push({ number, bytes: buffer.subarray(at, at + 4) });
        at += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
  }
  return out;
}

const each = (buffer: Buffer, number: number) => fields(buffer).filter(f => f.number === number);
const first = (buffer: Buffer, number: number) => each(buffer, number)[0];

// AnyValue: 1 string, 2 bool, 3 int, 4 double, 5 array (ArrayValue: 1 values).
function protobufValue(value: Buffer): unknown {
  const [field] = fields(value);
  if (!field) return undefined;
  switch (field.number) {
    case 1:
      return field.bytes!.toString();
    case 2:
      return field.varint === 1n;
    case 3:
      return Number(BigInt.asIntN(64, field.varint!));
    case 4:
      return field.bytes!.readDoubleLE(0);
    case 5:
      return each(field.bytes!, 1).map(f => protobufValue(f.bytes!));
    default:
      return undefined;
  }
}

// KeyValue: 1 key, 2 value.
const protobufAttributes = (list: Field[]) =>
  Object.fromEntries(list.map(kv => [first(kv.bytes!, 1).bytes!.toString(), protobufValue(first(kv.bytes!, 2).bytes!)]));

// ExportTraceServiceRequest: 1 ResourceSpans (1 Resource [1 attributes], 2 ScopeSpans (2 Span)).
// Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes.
function protobufSpans(body: Buffer): ReceivedSpan[] {
  return each(body, 1).flatMap(resourceSpans => {
    const resourceField = first(resourceSpans.bytes!, 1);
    const resource = resourceField ? protobufAttributes(each(resourceField.bytes!, 1)) : {};
    return each(resourceSpans.bytes!, 2).flatMap(scopeSpans =>
      each(scopeSpans.bytes!, 2).map(({ bytes: span }) => ({
        traceId: first(span!, 1).bytes!.toString("hex"),
        spanId: first(span!, 2).bytes!.toString("hex"),
        parentSpanId: first(span!, 4)?.bytes?.toString("hex") ?? "",
        name: first(span!, 5).bytes!.toString(),
        kind: Number(first(span!, 6)?.varint ?? 0n),
        attributes: protobufAttributes(each(span!, 9)),
        resource,
      })),
    );
  });
}
