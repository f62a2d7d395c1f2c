import { type ManagedDosClient } from "../../src/dos/client";
import { DosBadResponse, DosFault, type DosFaultCategory } from "../../src/dos/errors";
import { dosFault, UNKNOWN_FAULT_REASON } from "../../src/dos/faults";
import { captureLogs, clientFor, soapFault, soapReply, startDosServer, type DosServer } from "./helpers/dos-server";

/*
 * DoS faults (spec §8.2) to typed `DosFault`s: the category table, the codes whose meaning depends on the text
 * (108, 109), unknown codes, and the SOAP 1.2 and 1.1 forms DoS writes them in.
 */

describe("dosFault: the code table", () => {
  it.each<[number, string, DosFaultCategory]>([
    [100, "System Search failure", "upstream"],
    [101, "Postcode Validation: Postcode not found", "input"],
    [102, "Service Search: No services found", "no-results"],
    [103, "Request Response: Service not found", "not-found"],
    [104, "Parameter Validation: No valid discriminators passed/SGSD combo not valid", "input"],
    [105, "Parameter Validation: Search distance must be greater than 0km and less than maximum system distance.", "input"],
    [106, "Parameter Validation: Invalid gender supplied - supported values: M, F, I", "input"],
    [107, "WSDL Validation: Unsupported Webservice version", "version"],
    [108, "Malformed XML: The soap message is not valid xml.", "version"],
    [108, "Malformed XML: Unable to identify the SOAP version", "version"],
    [108, "Parameter Validation: Search date and time is invalid", "input"],
    [109, "WSDL Validation: (109) - Unable to find version", "version"],
    [109, "Parameter Validation: searchDateTime (2099-01-01T00:00:00) more than 12 months in future", "input"],
    [110, "Parameter Validation: searchDateTime (2001-01-01T00:00:00) more than 1 minute in the past", "input"],
    [113, "Parameter Validation: where the distance override value is true, a distance value must be provided", "input"],
    [114, "Parameter Validation: Invalid age supplied - mandatory field, only whole numbers allowed", "input"],
    [115, "Parameter Validation: Invalid age value supplied. Supported values where Days format is used...", "input"],
    [116, "Parameter Validation: Invalid age value supplied. Supported values where Months format...", "input"],
    [117, "Parameter Validation: Invalid age value supplied. Supported values where Years format...", "input"],
    [118, "Parameter Validation: Invalid age value supplied. Supported values where AgeGroup is used are: 1, 2, 3, 4", "input"],
    [119, "Parameter Validation: Invalid age format supplied - supported values Years, Months, Days, AgeGroup", "input"],
    [120, "Parameter Validation: SG not found", "input"],
    [121, "Parameter Validation: Disposition not found", "input"],
    [300, "Unable to login to DoS web services", "auth"],
    [302, "Authentication Failed: Please check user credentials (username/password) ...", "auth"],
    [302, "Authentication Failed: Please check that the user has the correct privileges to run this service", "auth"],
    [303, "Incorrect Privileges: Please check that the user has the correct privileges to run this service", "auth"],
    [1001, "Request Validation: Unable to locate username and password in the request", "auth"],
    [500, "Internal Server Error", "upstream"],
    [504, "Time out", "timeout"],
  ])("%i %j is %s", (code, text, category) => {
    const fault = dosFault(code, text);
    expect(fault).toBeInstanceOf(DosFault);
    expect(fault).toMatchObject({ code, category, kind: "fault" });
  });

  it("keeps DoS's documented texts and drops the request values some texts quote", () => {
    const fault = dosFault(109, "Parameter Validation: searchDateTime (2099-01-01T00:00:00) more than 12 months in future");
    expect(fault.reason).toBe("Parameter Validation: searchDateTime more than 12 months in future");
    expect(fault.message).toBe("DoS fault 109: Parameter Validation: searchDateTime more than 12 months in future");
    expect(dosFault(120, "Parameter Validation: SG not found").reason).toBe(
      "Parameter Validation: Symptom Group could not be found",
    );
  });

  it("treats 108 and 109 with an unrecognised text as protocol (version) faults", () => {
    expect(dosFault(108, "something new")).toMatchObject({ category: "version" });
    expect(dosFault(109, undefined)).toMatchObject({ category: "version" });
  });

  it("keeps an unknown code, as an upstream fault with a fixed reason", () => {
    expect(dosFault(777, "Brand new failure mode: password=hunter2")).toMatchObject({
      code: 777,
      category: "upstream",
      reason: UNKNOWN_FAULT_REASON,
    });
  });
});

describe("faults on the wire", () => {
  let server: DosServer;
  let dos: ManagedDosClient;
  const logs = captureLogs();

  beforeAll(async () => {
    server = await startDosServer();
    dos = await clientFor(server, { logger: logs.logger });
  });
  afterAll(async () => {
    await dos.close();
    await server.close();
  });

  async function failureFor(body: string, status = 500): Promise<unknown> {
    server.answer(soapReply(body, status));
    return dos.serviceDetailsById("2000037448").then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it.each<[string, string, number, DosFaultCategory]>([
    ["SOAP 1.2, as DoS writes it", soapFault("302", "Authentication Failed: Please check user credentials"), 302, "auth"],
    ["SOAP 1.2 with xml:lang", soapFault("103", "Request Response: Service not found", "1.2", "en"), 103, "not-found"],
    ["SOAP 1.1", soapFault("1001", "Request Validation: Unable to locate username and password", "1.1"), 1001, "auth"],
    ["SOAP 1.1 with a prefixed code", soapFault("SOAP-ENV:504", "Time out", "1.1"), 504, "timeout"],
    ["SOAP 1.2, 108 about the date", soapFault("108", "Parameter Validation: Search date and time is invalid"), 108, "input"],
    ["SOAP 1.2, 108 about XML", soapFault("108", "Malformed XML: The soap message is not valid xml."), 108, "version"],
    ["SOAP 1.2, 109 about the version", soapFault("109", "WSDL Validation: (109) - Unable to find version"), 109, "version"],
  ])("reads a fault in %s", async (_form, body, code, category) => {
    const failure = await failureFor(body);
    expect(failure).toBeInstanceOf(DosFault);
    expect(failure).toMatchObject({ code, category });
  });

  it("reads a fault whatever the HTTP status (DoS uses 500, a proxy may not)", async () => {
    await expect(failureFor(soapFault("102", "Service Search: No services found"), 200)).resolves.toMatchObject({
      code: 102,
      category: "no-results",
    });
  });

  it("turns a fault without a numeric code (a SOAP stack in front of DoS) into DosBadResponse", async () => {
    const failure = await failureFor(soapFault("env:Receiver", "Procedure 'X' not present"));
    expect(failure).toBeInstanceOf(DosBadResponse);
    expect((failure as Error).message).not.toContain("Procedure");
  });

  it("logs one line per fault with its code and category, flagging unknown codes", async () => {
    await failureFor(soapFault("120", "Parameter Validation: SG not found"));
    await failureFor(soapFault("4242", "A code DoS added later"));
    const faultLines = logs.lines.filter(line => line.outcome === "fault").slice(-2);
    expect(faultLines).toEqual([
      expect.objectContaining({ level: 30, dosOperation: "ServiceDetailsById", faultCode: 120, faultCategory: "input" }),
      expect.objectContaining({ level: 40, faultCode: 4242, faultCategory: "upstream", unknownFaultCode: true }),
    ]);
    expect(typeof faultLines[0].durationMs).toBe("number");
    expect(logs.text()).not.toContain("A code DoS added later");
  });
});
