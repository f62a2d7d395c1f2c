import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum CapacityStatus {
  HIGH = "HIGH",
  LOW = "LOW",
  NONE = "NONE",
}

registerEnumType(CapacityStatus, {
  name: "CapacityStatus",
  description: "DoS capacity as DoS names it (`High`, `Low`, `None`).",
  valuesConfig: {
    HIGH: { description: "Capacity available (RAG green)." },
    LOW: { description: "Limited capacity (RAG amber)." },
    NONE: { description: "No capacity (RAG red); searches normally leave such services out." },
  },
});

export enum CapacityRag {
  GREEN = "GREEN",
  AMBER = "AMBER",
  RED = "RED",
}

registerEnumType(CapacityRag, {
  name: "CapacityRag",
  description: "DoS capacity as the red/amber/green status services set in DoS.",
  valuesConfig: {
    GREEN: { description: "Capacity available (DoS `High`)." },
    AMBER: { description: "Limited capacity (DoS `Low`)." },
    RED: { description: "No capacity (DoS `None`)." },
  },
});

@ObjectType({ simpleResolvers: true, description: "A service's capacity at the time of the search." })
export class Capacity {
  @Field(_type => CapacityStatus, { description: "Capacity as DoS reports it." })
  status!: CapacityStatus;

  @Field(_type => CapacityRag, { description: "The same capacity as a RAG status." })
  rag!: CapacityRag;
}
