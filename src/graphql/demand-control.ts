import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  Kind,
  type TypeNode,
  visit,
} from "graphql";
import { dispositions } from "../reference";

/**
 * The subgraph's demand-control annotations (federation 2.9 `@cost` / `@listSize`), in one table, with ONE DoS
 * call as the cost unit, so that a router's static estimate (Apollo Router `demand_control`, Hive Gateway
 * `demandControl`) is a count of DoS calls and its budget is `MAX_DOS_CALLS_PER_OPERATION`:
 *
 * - every object type weighs 0 (`@cost(weight: 0)` overrides the routers' default of 1 per object); scalars and
 *   enums weigh 0 by default;
 * - a field that calls DoS weighs the calls one resolution makes (`DOS_CALL_FIELDS`; src/server/operation-cost.ts
 *   counts the same fields, test/graphql/demand-control.test.ts keeps the two in step);
 * - every list carries `@listSize(assumedSize:)` (`LIST_SIZES`): the routers multiply the weight of the list field
 *   itself and of everything selected under it by that size.
 *
 * So an ordinary search costs 1, and nesting a DoS call under a list (search results → organisation → services)
 * costs the list's size per call: the router refuses that crawl before the subgraph sees it.
 */
export const DOS_CALL_FIELDS: Readonly<Record<string, number>> = {
  "Query.serviceSearch": 1,
  "Query.service": 1,
  "Query.servicesByOdsCode": 1,
  "Query.hospitalCapacities": 1,
  "Organisation.services": 1,
};

/**
 * `assumedSize` of every list field. Routers multiply the list field's own weight by it, so a list that DoS
 * returns from ONE call and whose items make no DoS call of their own has size 1 for cost: `hospitalCapacities`
 * (a HospitalCapacity has no DoS field), `servicesByOdsCode` and `Organisation.services` (every service listed
 * has that ODS code, so `organisation { services }` under it is answered by the same loader call). Lists whose
 * items can lead to further DoS calls carry their documented maximum (`ServiceSearch.results`: DoS documents no
 * cap; 50 is above what the simulator and the published samples return). Lists of plain data weigh 0 whatever
 * their size; theirs document the expected maximum.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  "ServiceSearch.results": 50,
  "Query.servicesByOdsCode": 1,
  "Organisation.services": 1,
  "Query.hospitalCapacities": 1,
  "Query.dispositions": dispositions.length,
  "Service.openingTimes": 32,
  "Service.specifiedOpeningTimes": 32,
  "Service.attributes": 32,
  "Service.ageRanges": 8,
  "Service.endpoints": 16,
};

/** The `@link` imports the annotations need (federation ≥ 2.9). */
export const DEMAND_CONTROL_IMPORTS = ["@cost", "@listSize"] as const;

/**
 * Adds the annotations to the type-graphql schema's SDL before `buildSubgraphSchema`. Fails the build when a list
 * field has no size or a table entry names no field, so that a new list or a renamed field cannot go unpriced.
 */
export function withDemandControl(document: DocumentNode): DocumentNode {
  const unused = new Set([...Object.keys(DOS_CALL_FIELDS), ...Object.keys(LIST_SIZES)]);
  const unsized: string[] = [];
  let parentType = "";
  const annotated = visit(document, {
    ObjectTypeDefinition: {
      enter(node) {
        parentType = node.name.value;
        if (parentType === "Query") return undefined;
        return { ...node, directives: [...(node.directives ?? []), costDirective(0)] };
      },
    },
    InputObjectTypeDefinition: () => false,
    FieldDefinition(node: FieldDefinitionNode) {
      const coordinate = `${parentType}.${node.name.value}`;
      const directives: ConstDirectiveNode[] = [];
      const weight = DOS_CALL_FIELDS[coordinate];
      if (weight !== undefined) directives.push(costDirective(weight));
      if (isList(node.type)) {
        const size = LIST_SIZES[coordinate];
        if (size === undefined) unsized.push(coordinate);
        else directives.push(listSizeDirective(size));
      }
      unused.delete(coordinate);
      return directives.length ? { ...node, directives: [...(node.directives ?? []), ...directives] } : undefined;
    },
  });
  if (unsized.length || unused.size) {
    throw new Error(
      `demand-control.ts is out of step with the schema: lists without @listSize [${unsized.join(", ")}]; ` +
        `entries naming no field [${[...unused].join(", ")}]`,
    );
  }
  return annotated;
}

function isList(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && isList(type.type));
}

function costDirective(weight: number): ConstDirectiveNode {
  return directive("cost", "weight", weight);
}

function listSizeDirective(size: number): ConstDirectiveNode {
  return directive("listSize", "assumedSize", size);
}

function directive(name: string, argument: string, value: number): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: argument },
        value: { kind: Kind.INT, value: String(value) },
      },
    ],
  };
}
