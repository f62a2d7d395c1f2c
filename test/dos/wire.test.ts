import { mapServiceDetailsById } from "../../src/dos/mappers";
import { parseWire, serviceDetailsByIdResponse } from "../../src/dos/wire";

function valid(payload: unknown) {
  const result = parseWire(serviceDetailsByIdResponse, payload);
  if (!result.success) throw new Error(`invalid payload: ${result.issues.join(", ")}`);
  return result.data;
}

/*
 * node-soap's output depends on whether it could type the response from the WSDL: typed, a list is always an
 * array and leaves are text (the client keeps numbers and booleans as text); untyped, a single child is an
 * object and a leaf with attributes is `{ $value, attributes }`. Both must decode to the same domain objects.
 */

const typed = {
  services: {
    service: [
      {
        id: "2000037448",
        odsCode: "FQW63RPX",
        serviceEndpoints: {
          endpoint: [
            {
              endpointOrder: "1",
              transport: "email",
              format: "CDA",
              interaction: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
              businessScenario: "Primary",
              address: "andria.turner@nhs.net",
              compression: "uncompressed",
              comment: "",
            },
          ],
        },
      },
    ],
  },
};

const untyped = {
  services: {
    service: {
      id: 2000037448,
      odsCode: { attributes: { "xml:lang": "en" }, $value: "FQW63RPX" },
      serviceEndpoints: {
        endpoint: {
          endpointOrder: 1,
          transport: "email",
          format: "CDA",
          interaction: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
          businessScenario: "Primary",
          address: "andria.turner@nhs.net",
          compression: "uncompressed",
          comment: null,
        },
      },
    },
  },
};

const expected = [
  {
    id: 2000037448,
    odsCode: "FQW63RPX",
    endpoints: [
      {
        order: 1,
        transport: "email",
        format: "CDA",
        interaction: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
        businessScenario: "Primary",
        address: "andria.turner@nhs.net",
        compression: "uncompressed",
        comment: null,
      },
    ],
  },
];

it.each([
  ["typed", typed],
  ["untyped", untyped],
])("decodes node-soap's %s form to the same domain objects", (_form, payload) => {
  expect(mapServiceDetailsById(valid(payload))).toEqual({ value: expected, dropped: [] });
});

it.each([
  ["an id with trailing text, which node-soap's own parseInt would accept", "12abc"],
  ["a fractional id", "1.5"],
  ["an id past xs:int", "2147483648"],
  ["a negative id", "-1"],
  ["an id in exponent form", "1e3"],
])("drops a service with %s", (_case, id) => {
  const payload = { services: { service: [{ ...typed.services.service[0], id }] } };
  const { value, dropped } = mapServiceDetailsById(valid(payload));
  expect(value).toEqual([]);
  expect(dropped).toEqual([{ path: "service[0]", issues: [expect.stringMatching(/^id: /)] }]);
});

it("rejects a list element that is not a list", () => {
  expect(parseWire(serviceDetailsByIdResponse, { services: "oops" })).toEqual({
    success: false,
    issues: ["services: custom"],
  });
});
