import { Field, Int, ObjectType, registerEnumType } from "type-graphql";

export enum EndpointTransport {
  ITK = "ITK",
  EMAIL = "EMAIL",
  PHONE = "PHONE",
  FAX = "FAX",
  DTS = "DTS",
  HTTP = "HTTP",
  OTHER = "OTHER",
}

registerEnumType(EndpointTransport, {
  name: "EndpointTransport",
  description: "How a case is transferred to the endpoint.",
  valuesConfig: {
    ITK: { description: "NHS ITK messaging (DoS `itk`); `address` is the ITK URL." },
    EMAIL: { description: "Secure e-mail (DoS `email`); `address` is the mailbox." },
    PHONE: { description: "Telephone (DoS `telno`); `address` is the number." },
    FAX: { description: "Fax (DoS `faxno`); `address` is the number." },
    DTS: { description: "DTS/MESH messaging (DoS `dts`); `address` is the mailbox id." },
    HTTP: { description: "HTTP, e.g. appointment booking (DoS `http`)." },
    OTHER: { description: "A transport DoS added later; `transportRaw` holds DoS's value." },
  },
});

export enum EndpointBusinessScenario {
  PRIMARY = "PRIMARY",
  COPY = "COPY",
}

registerEnumType(EndpointBusinessScenario, {
  name: "EndpointBusinessScenario",
  description: "Why the endpoint receives the case.",
  valuesConfig: {
    PRIMARY: { description: "The service acts on the case (direct care)." },
    COPY: { description: "The service receives a copy for information." },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "A technical endpoint a case can be transferred to (transfer of care).",
})
export class Endpoint {
  @Field(_type => Int, { description: "Order of use when a service has several endpoints (1 first)." })
  order!: number;

  @Field(_type => EndpointTransport, { description: "The transport; OTHER when DoS sends a value not listed." })
  transport!: EndpointTransport;

  @Field(_type => String, { description: "The transport exactly as DoS sent it (e.g. `itk`, `telno`)." })
  transportRaw!: string;

  @Field(_type => String, { description: "Message format, e.g. `CDA`, `HTML`, `PDF`, `FHIR`." })
  format!: string;

  @Field(_type => String, { description: "Interaction id, e.g. an ITK interaction URN or `Scheduling`." })
  interaction!: string;

  @Field(_type => EndpointBusinessScenario, {
    nullable: true,
    description: "Primary recipient or copy; null when DoS sends a value other than `Primary`/`Copy`.",
  })
  businessScenario!: EndpointBusinessScenario | null;

  @Field(_type => String, { description: "Where to send: URL, e-mail address, phone number or mailbox." })
  address!: string;

  @Field(_type => String, { nullable: true, description: "Free-text comment from DoS; null when empty." })
  comment!: string | null;

  @Field(_type => Boolean, { description: "Whether the endpoint expects compressed payloads." })
  compressed!: boolean;
}
