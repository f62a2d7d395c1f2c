import { DateTime } from "luxon";
import { type HttpRequestSpec } from "./load";
import {
  checkCapacitySummaryEnvelope,
  countElements,
  SOAP_CONTENT_TYPE,
  serviceDetailsByIdEnvelope,
  type SoapSearch,
} from "./soap";

/**
 * What the benchmark asks of each server: the scenarios, and for each the request every target sends, how
 * its answer is checked, and how many DoS calls one operation should cost.
 */

export type TargetId = "subgraph" | "naive" | "direct" | "mesh";

export const TARGET_IDS: readonly TargetId[] = ["subgraph", "direct", "naive", "mesh"];

export const TARGET_TITLES: Readonly<Record<TargetId, string>> = {
  subgraph: "dos-subgraph",
  direct: "direct SOAP",
  naive: "naive (no DataLoader)",
  mesh: "GraphQL Mesh SOAP",
};

/** One target's share of a scenario. */
export interface Workload {
  /** Sent in turn on each connection. */
  requests: HttpRequestSpec[];
  /** HTTP requests that make up one operation: more than one only for direct SOAP, which makes each call. */
  requestsPerOperation: number;
  /** DoS calls one operation should cost: the theoretical minimum, or what the target is known to make. */
  expectedDosCalls: number;
  /** Cheap, for every response under load. */
  verify(body: string): boolean;
  /** Thorough, for the check before each run: a short description of the answer; throws when it is wrong. */
  check(body: string, requestIndex: number): string;
}

export interface Scenario {
  id: string;
  title: string;
  connections: number;
  /** Latency the simulator adds to every DoS call while the scenario runs. */
  dosLatencyMs: number;
  workloads: Partial<Record<TargetId, Workload>>;
}

/** The benchmark's search: a case for which the simulator returns about 25 services, nearly all with endpoints. */
export interface BenchSearch extends SoapSearch {
  /** The same instant for GraphQL (ISO 8601 with offset). */
  searchDateTimeIso: string;
}

/**
 * A 40-year-old woman in Newcastle (NE1 4ST) with ankle pain (SG 1013 "Ankle or Foot Pain or Swelling", SD 4003
 * "PC full Primary Care assessment and prescribing capability"), no disposition, 25 km forced, evaluated on the
 * coming Saturday at 11:30 London time. The fixed weekday and time keep opening hours, and so the result count,
 * the same from run to run (the simulator's capacity clock still moves, so it may differ by one or two).
 */
export function benchSearch(now: Date, account: { username: string; password: string }): BenchSearch {
  let day = DateTime.fromJSDate(now, { zone: "Europe/London" }).plus({ days: 1 });
  while (day.weekday !== 6) day = day.plus({ days: 1 });
  const at = day.set({ hour: 11, minute: 30, second: 0, millisecond: 0 });
  return {
    ...account,
    postcode: "NE1 4ST",
    age: 40,
    gender: "F",
    symptomGroup: 1013,
    symptomDiscriminator: 4003,
    searchDistanceKm: 25,
    searchDateTime: at.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
    searchDateTimeIso: at.toISO({ suppressMilliseconds: true }) ?? "",
  };
}

/** The search as BENCHMARKS.md records it. */
export function describeBenchSearch(search: BenchSearch): Record<string, string> {
  return {
    postcode: search.postcode,
    age: `${search.age} years`,
    gender: search.gender,
    "symptom group": `${search.symptomGroup} (Ankle or Foot Pain or Swelling)`,
    "symptom discriminator": `${search.symptomDiscriminator} (PC full Primary Care assessment and prescribing capability)`,
    disposition: "none (every disposition)",
    "search distance": `${search.searchDistanceKm} km, forced`,
    "search date-time": `${search.searchDateTime} Europe/London (the coming Saturday, 11:30)`,
  };
}

/** Fewer services than this and the search is not the benchmark's search any more. */
export const MIN_SEARCH_RESULTS = 20;

export function buildScenarios(search: BenchSearch, serviceIds: readonly number[]): Scenario[] {
  if (serviceIds.length < 10 || new Set(serviceIds).size !== serviceIds.length) {
    throw new Error("the benchmark needs 10 distinct service ids");
  }
  const ids = serviceIds.slice(0, 10);
  // A client that names five services twice each: DataLoader's de-duplication is the difference here.
  const repeated = [...ids.slice(0, 5), ...ids.slice(0, 5)];
  const searchWorkloads = {
    subgraph: subgraphSearchWorkload(search),
    naive: subgraphSearchWorkload(search),
    direct: directSearch(search),
    mesh: meshSearch(search),
  };
  return [
    {
      id: "search-c1",
      title: "search, 1 connection (latency)",
      connections: 1,
      dosLatencyMs: 0,
      workloads: searchWorkloads,
    },
    {
      id: "search",
      title: "search, 10 connections",
      connections: 10,
      dosLatencyMs: 0,
      workloads: searchWorkloads,
    },
    {
      // What Apollo Router asks for when it reports field-level traces to Apollo Studio (docs/graphql.md).
      id: "search-ftv1",
      title: "search, 10 connections, federated trace (ftv1) requested",
      connections: 10,
      dosLatencyMs: 0,
      workloads: { subgraph: withFederatedTrace(searchWorkloads.subgraph) },
    },
    {
      id: "search-50ms",
      title: "search, 10 connections, 50 ms DoS latency",
      connections: 10,
      dosLatencyMs: 50,
      workloads: searchWorkloads,
    },
    {
      id: "service-by-id",
      title: "service(id) × 10 distinct ids",
      connections: 10,
      dosLatencyMs: 0,
      workloads: {
        subgraph: subgraphServices(ids, 10),
        naive: subgraphServices(ids, 10),
        direct: directServiceDetails(search, ids),
        mesh: meshServiceDetails(search, ids),
      },
    },
    {
      id: "entities",
      title: "_entities, 10 Service representations",
      connections: 10,
      dosLatencyMs: 0,
      // Mesh serves no federation: its equivalent is the service(id) scenario.
      workloads: {
        subgraph: subgraphEntities(ids),
        naive: subgraphEntities(ids),
        direct: directServiceDetails(search, ids),
      },
    },
    {
      id: "service-by-id-repeated",
      title: "service(id) × 10, 5 distinct ids",
      connections: 10,
      dosLatencyMs: 0,
      workloads: {
        subgraph: subgraphServices(repeated, 5),
        naive: subgraphServices(repeated, 10),
        direct: directServiceDetails(search, ids.slice(0, 5)),
        mesh: meshServiceDetails(search, repeated),
      },
    },
  ];
}

// ---- dos-subgraph (and its naive variant) ----------------------------------------------------------------------

const JSON_CONTENT_TYPE = "application/json";

/** The selection a front end makes for a result list (examples/service-search.graphql). */
const SUBGRAPH_SEARCH = `query BenchServiceSearch($input: ServiceSearchInput!) {
  serviceSearch(input: $input) {
    transactionId searchedAt searchDistanceKm searchDistanceSource
    results {
      rank distanceMiles catchAll homeGp
      service {
        id displayName type { id name } capacity { rag } address phone openNow nextOpen
        location { latitude longitude }
        endpoints { order transport format businessScenario address }
      }
    }
  }
}`;

const SERVICE_FIELDS =
  "id odsCode endpoints { order transport format interaction businessScenario address compressed }";

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface SubgraphService {
  id: string;
  endpoints: unknown[];
}

export function subgraphSearchWorkload(search: BenchSearch): Workload {
  const input = {
    postcode: search.postcode,
    age: search.age,
    gender: "FEMALE",
    symptomGroup: search.symptomGroup,
    symptomDiscriminators: [search.symptomDiscriminator],
    searchDistanceKm: search.searchDistanceKm,
    forceSearchDistance: true,
    searchDateTime: search.searchDateTimeIso,
  };
  return graphqlWorkload(SUBGRAPH_SEARCH, { input }, 1, (body) => {
    const data = graphqlData<{ serviceSearch: { results: { service: SubgraphService }[] } }>(body);
    return describeSearch(data.serviceSearch.results.map((result) => result.service.endpoints.length));
  });
}

/** `workload` with the header a router sends for a federated trace; the answer must then carry one. */
function withFederatedTrace(workload: Workload): Workload {
  const hasTrace = (body: string) => body.includes('"ftv1"');
  return {
    ...workload,
    requests: workload.requests.map((request) => ({
      ...request,
      headers: { ...request.headers, "apollo-federation-include-trace": "ftv1" },
    })),
    verify: (body) => workload.verify(body) && hasTrace(body),
    check(body, requestIndex) {
      if (!hasTrace(body)) throw new Error("no ftv1 trace in the answer");
      return `${workload.check(body, requestIndex)}, with a trace`;
    },
  };
}

function subgraphServices(ids: readonly number[], expectedDosCalls: number): Workload {
  const fields = ids.map((id, i) => `s${i}: service(id: "${id}") { ${SERVICE_FIELDS} }`);
  return graphqlWorkload(
    `query BenchServices {\n  ${fields.join("\n  ")}\n}`,
    {},
    expectedDosCalls,
    (body) => {
      const data = graphqlData<Record<string, SubgraphService | null>>(body);
      return describeServices(ids.map((id, i) => ({ expected: String(id), found: data[`s${i}`]?.id })));
    },
  );
}

function subgraphEntities(ids: readonly number[]): Workload {
  const query = `query BenchEntities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Service { ${SERVICE_FIELDS} } }
}`;
  const representations = ids.map((id) => ({ __typename: "Service", id: String(id) }));
  return graphqlWorkload(query, { representations }, ids.length, (body) => {
    const data = graphqlData<{ _entities: (SubgraphService | null)[] }>(body);
    return describeServices(ids.map((id, i) => ({ expected: String(id), found: data._entities[i]?.id })));
  });
}

// ---- GraphQL Mesh over the raw WSDL --------------------------------------------------------------------------

const MESH_PORT = "tns_PathWayService_PathWayServiceSoap12";

/**
 * The same search on Mesh's WSDL-shaped schema, selecting what a front end needs to show the same list: the
 * raw fields behind each of the subgraph's (rota sessions and specified dates for "open now", eastings and
 * northings for the location). Mesh makes every operation a mutation field.
 */
const MESH_SEARCH = `mutation BenchMeshSearch($userInfo: tns_UserInfo_Input!, $c: tns_Case_Input!) {
  search: ${MESH_PORT}_CheckCapacitySummary(CheckCapacitySummary: { userInfo: $userInfo, c: $c }) {
    TransactionId SearchDateTime SearchDistance SearchDistanceUsedSource
    CheckCapacitySummaryResult {
      serviceCareSummaryDestination {
        id name publicName distance capacity serviceType { id name } address contactDetails eastings northings
        openAllHours
        rotaSessions { serviceCareItemRotaSession {
          startDayOfWeek startTime { hours minutes } endDayOfWeek endTime { hours minutes } status } }
        openTimeSpecifiedSessions { openTimeSpecified }
        serviceEndpoints { endpoint { endpointOrder transport format businessScenario address } }
      }
    }
  }
}`;

const MESH_SERVICE_FIELDS =
  "services { service { id odsCode serviceEndpoints { endpoint { " +
  "endpointOrder transport format interaction businessScenario address compression } } } }";

interface MeshSearchData {
  search: {
    CheckCapacitySummaryResult: {
      serviceCareSummaryDestination: { serviceEndpoints: { endpoint: unknown[] } | null }[];
    };
  };
}

function meshSearch(search: BenchSearch): Workload {
  const c = {
    caseId: "TEST",
    postcode: search.postcode,
    age: search.age,
    ageFormat: "Years",
    symptomGroup: search.symptomGroup,
    symptomDiscriminatorList: { int: [search.symptomDiscriminator] },
    searchDistance: search.searchDistanceKm,
    forceSearchDistance: true,
    gender: search.gender,
    searchDateTime: search.searchDateTime,
  };
  const userInfo = { username: search.username, password: search.password };
  return graphqlWorkload(MESH_SEARCH, { userInfo, c }, 1, (body) => {
    const services =
      graphqlData<MeshSearchData>(body).search.CheckCapacitySummaryResult.serviceCareSummaryDestination;
    return describeSearch(services.map((service) => service.serviceEndpoints?.endpoint.length ?? 0));
  });
}

function meshServiceDetails(
  account: { username: string; password: string },
  ids: readonly number[],
): Workload {
  const credentials = `userInfo: { username: "${account.username}", password: "${account.password}" }`;
  const fields = ids.map(
    (
      id,
      i,
    ) => `s${i}: ${MESH_PORT}_ServiceDetailsById(ServiceDetailsById: { ${credentials}, serviceId: "${id}" }) {
    ${MESH_SERVICE_FIELDS}
  }`,
  );
  const query = `mutation BenchMeshServices {\n  ${fields.join("\n  ")}\n}`;
  return graphqlWorkload(query, {}, ids.length, (body) => {
    const data = graphqlData<Record<string, { services: { service: { id: string }[] } } | null>>(body);
    return describeServices(
      ids.map((id, i) => ({
        expected: String(id),
        found: data[`s${i}`]?.services.service.find((s) => s.id === String(id))?.id,
      })),
    );
  });
}

// ---- direct SOAP ---------------------------------------------------------------------------------------------

function directSearch(search: BenchSearch): Workload {
  return {
    requests: [{ body: checkCapacitySummaryEnvelope(search), contentType: SOAP_CONTENT_TYPE }],
    requestsPerOperation: 1,
    expectedDosCalls: 1,
    verify: isSoapAnswer,
    check(body) {
      if (!body.includes("CheckCapacitySummaryResponse"))
        throw new Error(`not a search response: ${body.slice(0, 300)}`);
      // Each piece holds one service, up to the next one's start tag.
      const services = body.split(/<(?:\w+:)?serviceCareSummaryDestination[\s>]/).slice(1);
      return describeSearch(services.map((service) => countElements(service, "endpoint")));
    },
  };
}

function directServiceDetails(
  account: { username: string; password: string },
  ids: readonly number[],
): Workload {
  return {
    requests: ids.map((id) => ({
      body: serviceDetailsByIdEnvelope(account, id),
      contentType: SOAP_CONTENT_TYPE,
    })),
    requestsPerOperation: ids.length,
    expectedDosCalls: ids.length,
    verify: isSoapAnswer,
    check(body, requestIndex) {
      const id = ids[requestIndex];
      if (!body.includes("ServiceDetailsByIdResponse") || !new RegExp(`<(?:\\w+:)?id>${id}<`).test(body)) {
        throw new Error(`no ServiceDetailsById answer for ${id}: ${body.slice(0, 300)}`);
      }
      return `service ${id}`;
    },
  };
}

function isSoapAnswer(body: string): boolean {
  return !body.includes("Fault>");
}

// ---- shared --------------------------------------------------------------------------------------------------

/**
 * The subgraphs run as deployed (NODE_ENV=production, AUTH_MODE=router-secret), so GraphQL requests carry what
 * Apollo Router sends: the shared secret and a professional caller's scopes. The Mesh peer ignores them.
 */
export const BENCH_ROUTER_SECRET = "benchmark-router-secret-not-for-any-real-deployment";
const ROUTER_HEADERS: Readonly<Record<string, string>> = {
  "x-router-secret": BENCH_ROUTER_SECRET,
  "x-dos-scopes": "dos:professional",
  "x-dos-caller-id": "benchmark",
};

function graphqlWorkload(
  query: string,
  variables: Record<string, unknown>,
  expectedDosCalls: number,
  check: (body: string) => string,
): Workload {
  return {
    requests: [{ body: JSON.stringify({ query, variables }), contentType: JSON_CONTENT_TYPE, headers: ROUTER_HEADERS }],
    requestsPerOperation: 1,
    expectedDosCalls,
    verify: (body) => !body.includes('"errors"'),
    check,
  };
}

function graphqlData<T>(body: string): T {
  const parsed = JSON.parse(body) as GraphQLBody<T>;
  if (parsed.errors?.length) {
    const first = parsed.errors[0];
    throw new Error(
      `GraphQL errors (${parsed.errors.length}): ${first.extensions?.code ?? ""} ${first.message}`,
    );
  }
  if (!parsed.data) throw new Error("no data in the response");
  return parsed.data;
}

/** `endpointCounts`: one entry per service found. */
function describeSearch(endpointCounts: number[]): string {
  if (endpointCounts.length < MIN_SEARCH_RESULTS) {
    throw new Error(`the search found ${endpointCounts.length} services, fewer than ${MIN_SEARCH_RESULTS}`);
  }
  const withEndpoints = endpointCounts.filter((count) => count > 0).length;
  return `${endpointCounts.length} services, ${withEndpoints} with endpoints`;
}

function describeServices(pairs: { expected: string; found: string | undefined }[]): string {
  const wrong = pairs.filter(({ expected, found }) => expected !== found);
  if (wrong.length > 0)
    throw new Error(`services not returned: ${wrong.map((pair) => pair.expected).join(", ")}`);
  return `${pairs.length} services`;
}
