import fs from "node:fs";
import http from "node:http";
import { type AddressInfo } from "node:net";
import * as soap from "soap";
import { DEFAULT_WSDL_PATH, type ManagedDosClient } from "../../src/dos/client";
import { DosFault } from "../../src/dos/errors";
import { clientFor, TEST_ACCOUNT } from "./helpers/dos-server";

/*
 * Interoperability with a standard SOAP stack: node-soap's server, built from the same WSDL and forced to SOAP
 * 1.2 (as a simulator would be), understands the client's requests (dispatch, serviceVersion header, userInfo)
 * and the client decodes its answers and faults, whose prefixes and layout differ from DoS's.
 */

const received: { operation: string; args: unknown; headers: unknown }[] = [];
const endpoint = {
  endpointOrder: 1,
  transport: "email",
  format: "CDA",
  interaction: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
  businessScenario: "Primary",
  address: "andria.turner@nhs.net",
  compression: "uncompressed",
  comment: "",
};
const services = {
  PathWayService: {
    PathWayServiceSoap12: {
      ServiceDetailsById(args: { serviceId: string }, _callback: unknown, headers: unknown) {
        received.push({ operation: "ServiceDetailsById", args, headers });
        if (args.serviceId === "404") {
          throw { Fault: { Code: { Value: "103" }, Reason: { Text: "Request Response: Service not found" }, statusCode: 500 } };
        }
        return { services: { service: [{ id: "2000037448", odsCode: "FQW63RPX", serviceEndpoints: { endpoint: [endpoint] } }] } };
      },
      GetHospitalScores(args: unknown, _callback: unknown, headers: unknown) {
        received.push({ operation: "GetHospitalScores", args, headers });
        return { GetHospitalScoresResult: { Hospital: [{ hospital_name: "A&E", total_score: 12, note: "", update_date: "x" }] } };
      },
    },
  },
};

let httpServer: http.Server;
let dos: ManagedDosClient;

beforeAll(async () => {
  httpServer = http.createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>(resolve => httpServer.listen(0, "127.0.0.1", resolve));
  soap.listen(httpServer, {
    path: "/app/api/webservices",
    xml: fs.readFileSync(DEFAULT_WSDL_PATH, "utf8"),
    services,
    forceSoap12Headers: true,
  });
  const { port } = httpServer.address() as AddressInfo;
  dos = await clientFor({ url: `http://127.0.0.1:${port}/app/api/webservices` });
});
afterAll(async () => {
  await dos.close();
  await new Promise<void>(resolve => httpServer.close(() => resolve()));
});

it("is understood: the server dispatches the operation and reads serviceVersion and userInfo", async () => {
  await expect(dos.serviceDetailsById("2000037448")).resolves.toEqual([
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
  ]);
  expect(received.at(-1)).toEqual({
    operation: "ServiceDetailsById",
    args: { userInfo: TEST_ACCOUNT, serviceId: "2000037448" },
    headers: { serviceVersion: "1.5" },
  });
});

it("decodes the server's answers and SOAP 1.2 faults", async () => {
  await expect(dos.getHospitalScores()).resolves.toEqual([{ name: "A&E", pressureScore: 12, note: null, updatedAt: "x" }]);
  const fault = dos.serviceDetailsById("404");
  await expect(fault).rejects.toBeInstanceOf(DosFault);
  await expect(fault).rejects.toMatchObject({ code: 103, category: "not-found" });
});
