#!/usr/bin/env python3
"""Writes sarif-schema-2.1.0.json: the OASIS SARIF 2.1.0 JSON schema (draft-07), transcribed from
https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json with its
`description` and `default` annotations left out; every validation keyword (type, properties,
additionalProperties, required, items, enum, pattern, format, minimum/maximum, minItems, uniqueItems,
anyOf/oneOf, $ref) is kept as published. Run it from this folder to regenerate the committed file."""
import json, os

GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
LANG = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}?$"
LEVEL = {"enum": ["none", "note", "warning", "error"]}

def R(name): return {"$ref": "#/definitions/" + name}
def arr(items, unique, min_items=0): return {"type": "array", "minItems": min_items, "uniqueItems": unique, "items": items}
def S(**kw): return dict({"type": "string"}, **kw)
def I(minimum=None):
    d = {"type": "integer"}
    if minimum is not None: d["minimum"] = minimum
    return d
def B(): return {"type": "boolean"}
def N(**kw): return dict({"type": "number"}, **kw)
def smap(value): return {"type": "object", "additionalProperties": value}
def obj(props, required=None, bag=True, **extra):
    d = {"type": "object", "additionalProperties": False, "properties": dict(props)}
    if bag: d["properties"]["properties"] = R("propertyBag")
    if required: d["required"] = required
    d.update(extra)
    return d

D = {}
D["address"] = obj({"absoluteAddress": I(-1), "relativeAddress": I(), "length": I(), "kind": S(), "name": S(),
                    "fullyQualifiedName": S(), "offsetFromParent": I(), "index": I(-1), "parentIndex": I(-1)})
ROLES = ["analysisTarget", "attachment", "responseFile", "resultFile", "standardStream", "tracedFile", "unmodified",
         "modified", "added", "deleted", "renamed", "uncontrolled", "driver", "extension", "translation", "taxonomy",
         "policy", "referencedOnCommandLine", "memoryContents", "directory", "userSpecifiedConfiguration",
         "toolSpecifiedConfiguration", "debugOutputFile"]
D["artifact"] = obj({"description": R("message"), "location": R("artifactLocation"), "parentIndex": I(-1),
                     "offset": I(0), "length": I(-1), "roles": arr({"enum": ROLES}, True),
                     "mimeType": S(pattern="[^/]+/.+"), "contents": R("artifactContent"), "encoding": S(),
                     "sourceLanguage": S(), "hashes": smap(S()), "lastModifiedTimeUtc": S(format="date-time")})
D["artifactChange"] = obj({"artifactLocation": R("artifactLocation"), "replacements": arr(R("replacement"), False, 1)},
                          ["artifactLocation", "replacements"])
D["artifactContent"] = obj({"text": S(), "binary": S(), "rendered": R("multiformatMessageString")})
D["artifactLocation"] = obj({"uri": S(format="uri-reference"), "uriBaseId": S(), "index": I(-1), "description": R("message")})
D["attachment"] = obj({"description": R("message"), "artifactLocation": R("artifactLocation"),
                       "regions": arr(R("region"), True), "rectangles": arr(R("rectangle"), True)}, ["artifactLocation"])
D["codeFlow"] = obj({"message": R("message"), "threadFlows": arr(R("threadFlow"), False, 1)}, ["threadFlows"])
D["configurationOverride"] = obj({"configuration": R("reportingConfiguration"), "descriptor": R("reportingDescriptorReference")},
                                 ["configuration", "descriptor"])
D["conversion"] = obj({"tool": R("tool"), "invocation": R("invocation"), "analysisToolLogFiles": arr(R("artifactLocation"), True)}, ["tool"])
D["edge"] = obj({"id": S(), "label": R("message"), "sourceNodeId": S(), "targetNodeId": S()}, ["id", "sourceNodeId", "targetNodeId"])
D["edgeTraversal"] = obj({"edgeId": S(), "message": R("message"), "finalState": smap(R("multiformatMessageString")),
                          "stepOverEdgeCount": I(0)}, ["edgeId"])
D["exception"] = obj({"kind": S(), "message": S(), "stack": R("stack"), "innerExceptions": arr(R("exception"), False)})
D["externalProperties"] = obj({
    "schema": S(format="uri"), "version": {"enum": ["2.1.0"]}, "guid": S(pattern=GUID), "runGuid": S(pattern=GUID),
    "conversion": R("conversion"), "graphs": arr(R("graph"), True), "externalizedProperties": R("propertyBag"),
    "artifacts": arr(R("artifact"), True), "invocations": arr(R("invocation"), False),
    "logicalLocations": arr(R("logicalLocation"), True), "threadFlowLocations": arr(R("threadFlowLocation"), True),
    "results": arr(R("result"), False), "taxonomies": arr(R("toolComponent"), True), "driver": R("toolComponent"),
    "extensions": arr(R("toolComponent"), True), "policies": arr(R("toolComponent"), True),
    "translations": arr(R("toolComponent"), True), "addresses": arr(R("address"), False),
    "webRequests": arr(R("webRequest"), True), "webResponses": arr(R("webResponse"), True)})
D["externalPropertyFileReference"] = obj({"location": R("artifactLocation"), "guid": S(pattern=GUID), "itemCount": I(-1)},
                                         anyOf=[{"required": ["location"]}, {"required": ["guid"]}])
EPFR = R("externalPropertyFileReference")
D["externalPropertyFileReferences"] = obj({
    "conversion": EPFR, "graphs": arr(EPFR, True), "externalizedProperties": EPFR, "artifacts": arr(EPFR, True),
    "invocations": arr(EPFR, True), "logicalLocations": arr(EPFR, True), "threadFlowLocations": arr(EPFR, True),
    "results": arr(EPFR, True), "taxonomies": arr(EPFR, True), "addresses": arr(EPFR, True), "driver": EPFR,
    "extensions": arr(EPFR, True), "policies": arr(EPFR, True), "translations": arr(EPFR, True),
    "webRequests": arr(EPFR, True), "webResponses": arr(EPFR, True)})
D["fix"] = obj({"description": R("message"), "artifactChanges": arr(R("artifactChange"), True, 1)}, ["artifactChanges"])
D["graph"] = obj({"description": R("message"), "nodes": arr(R("node"), True), "edges": arr(R("edge"), True)})
D["graphTraversal"] = obj({"runGraphIndex": I(-1), "resultGraphIndex": I(-1), "description": R("message"),
                           "initialState": smap(R("multiformatMessageString")), "immutableState": smap(R("multiformatMessageString")),
                           "edgeTraversals": arr(R("edgeTraversal"), False)},
                          oneOf=[{"required": ["runGraphIndex"]}, {"required": ["resultGraphIndex"]}])
D["invocation"] = obj({
    "commandLine": S(), "arguments": arr(S(), False), "responseFiles": arr(R("artifactLocation"), True),
    "startTimeUtc": S(format="date-time"), "endTimeUtc": S(format="date-time"), "exitCode": I(),
    "ruleConfigurationOverrides": arr(R("configurationOverride"), True),
    "notificationConfigurationOverrides": arr(R("configurationOverride"), True),
    "toolExecutionNotifications": arr(R("notification"), False), "toolConfigurationNotifications": arr(R("notification"), False),
    "exitCodeDescription": S(), "exitSignalName": S(), "exitSignalNumber": I(), "processStartFailureMessage": S(),
    "executionSuccessful": B(), "machine": S(), "account": S(), "processId": I(), "executableLocation": R("artifactLocation"),
    "workingDirectory": R("artifactLocation"), "environmentVariables": smap(S()), "stdin": R("artifactLocation"),
    "stdout": R("artifactLocation"), "stderr": R("artifactLocation"), "stdoutStderr": R("artifactLocation")},
    ["executionSuccessful"])
D["location"] = obj({"id": I(-1), "physicalLocation": R("physicalLocation"), "logicalLocations": arr(R("logicalLocation"), True),
                     "message": R("message"), "annotations": arr(R("region"), True),
                     "relationships": arr(R("locationRelationship"), True)})
D["locationRelationship"] = obj({"target": I(0), "kinds": {"type": "array", "uniqueItems": True, "items": S()},
                                 "description": R("message")}, ["target"])
D["logicalLocation"] = obj({"name": S(), "index": I(-1), "fullyQualifiedName": S(), "decoratedName": S(),
                            "parentIndex": I(-1), "kind": S()})
D["message"] = obj({"text": S(), "markdown": S(), "id": S(), "arguments": arr(S(), False)},
                   anyOf=[{"required": ["text"]}, {"required": ["id"]}])
D["multiformatMessageString"] = obj({"text": S(), "markdown": S()}, ["text"])
D["node"] = obj({"id": S(), "label": R("message"), "location": R("location"), "children": arr(R("node"), True)}, ["id"])
D["notification"] = obj({"locations": arr(R("location"), True), "message": R("message"), "level": LEVEL, "threadId": I(),
                         "timeUtc": S(format="date-time"), "exception": R("exception"),
                         "descriptor": R("reportingDescriptorReference"), "associatedRule": R("reportingDescriptorReference")},
                        ["message"])
D["physicalLocation"] = obj({"address": R("address"), "artifactLocation": R("artifactLocation"), "region": R("region"),
                             "contextRegion": R("region")}, anyOf=[{"required": ["address"]}, {"required": ["artifactLocation"]}])
D["propertyBag"] = {"type": "object", "additionalProperties": True,
                    "properties": {"tags": arr(S(), True)}}
D["rectangle"] = obj({"top": N(), "left": N(), "bottom": N(), "right": N(), "message": R("message")})
D["region"] = obj({"startLine": I(1), "startColumn": I(1), "endLine": I(1), "endColumn": I(1), "charOffset": I(-1),
                   "charLength": I(0), "byteOffset": I(-1), "byteLength": I(0), "snippet": R("artifactContent"),
                   "message": R("message"), "sourceLanguage": S()})
D["replacement"] = obj({"deletedRegion": R("region"), "insertedContent": R("artifactContent")}, ["deletedRegion"])
D["reportingDescriptor"] = obj({
    "id": S(), "deprecatedIds": arr(S(), True), "guid": S(pattern=GUID), "deprecatedGuids": arr(S(pattern=GUID), True),
    "name": S(), "deprecatedNames": arr(S(), True), "shortDescription": R("multiformatMessageString"),
    "fullDescription": R("multiformatMessageString"), "messageStrings": smap(R("multiformatMessageString")),
    "defaultConfiguration": R("reportingConfiguration"), "helpUri": S(format="uri"), "help": R("multiformatMessageString"),
    "relationships": arr(R("reportingDescriptorRelationship"), True)}, ["id"])
D["reportingConfiguration"] = obj({"enabled": B(), "level": LEVEL, "rank": N(minimum=-1, maximum=100), "parameters": R("propertyBag")})
D["reportingDescriptorReference"] = obj({"id": S(), "index": I(-1), "guid": S(pattern=GUID), "toolComponent": R("toolComponentReference")},
                                        anyOf=[{"required": ["index"]}, {"required": ["guid"]}, {"required": ["id"]}])
D["reportingDescriptorRelationship"] = obj({"target": R("reportingDescriptorReference"),
                                            "kinds": {"type": "array", "uniqueItems": True, "items": S()},
                                            "description": R("message")}, ["target"])
D["result"] = obj({
    "ruleId": S(), "ruleIndex": I(-1), "rule": R("reportingDescriptorReference"),
    "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]}, "level": LEVEL,
    "message": R("message"), "analysisTarget": R("artifactLocation"), "locations": arr(R("location"), False),
    "guid": S(pattern=GUID), "correlationGuid": S(pattern=GUID), "occurrenceCount": I(1),
    "partialFingerprints": smap(S()), "fingerprints": smap(S()), "stacks": arr(R("stack"), True),
    "codeFlows": arr(R("codeFlow"), False), "graphs": arr(R("graph"), True), "graphTraversals": arr(R("graphTraversal"), True),
    "relatedLocations": arr(R("location"), True), "suppressions": arr(R("suppression"), True),
    "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]}, "rank": N(minimum=-1, maximum=100),
    "attachments": arr(R("attachment"), True), "hostedViewerUri": S(format="uri"),
    "workItemUris": arr(S(format="uri"), True), "provenance": R("resultProvenance"), "fixes": arr(R("fix"), True),
    "taxa": arr(R("reportingDescriptorReference"), True), "webRequest": R("webRequest"), "webResponse": R("webResponse")},
    ["message"])
D["resultProvenance"] = obj({"firstDetectionTimeUtc": S(format="date-time"), "lastDetectionTimeUtc": S(format="date-time"),
                             "firstDetectionRunGuid": S(pattern=GUID), "lastDetectionRunGuid": S(pattern=GUID),
                             "invocationIndex": I(-1), "conversionSources": arr(R("physicalLocation"), True)})
D["run"] = obj({
    "tool": R("tool"), "invocations": arr(R("invocation"), False), "conversion": R("conversion"),
    "language": S(pattern=LANG), "versionControlProvenance": arr(R("versionControlDetails"), True),
    "originalUriBaseIds": smap(R("artifactLocation")), "artifacts": arr(R("artifact"), True),
    "logicalLocations": arr(R("logicalLocation"), True), "graphs": arr(R("graph"), True), "results": arr(R("result"), False),
    "automationDetails": R("runAutomationDetails"), "runAggregates": arr(R("runAutomationDetails"), True),
    "baselineGuid": S(pattern=GUID), "redactionTokens": arr(S(), True), "defaultEncoding": S(), "defaultSourceLanguage": S(),
    "newlineSequences": arr(S(), True, 1), "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
    "externalPropertyFileReferences": R("externalPropertyFileReferences"),
    "threadFlowLocations": arr(R("threadFlowLocation"), True), "taxonomies": arr(R("toolComponent"), True),
    "addresses": arr(R("address"), False), "translations": arr(R("toolComponent"), True),
    "policies": arr(R("toolComponent"), True), "webRequests": arr(R("webRequest"), True),
    "webResponses": arr(R("webResponse"), True), "specialLocations": R("specialLocations")}, ["tool"])
D["runAutomationDetails"] = obj({"description": R("message"), "id": S(), "guid": S(pattern=GUID), "correlationGuid": S(pattern=GUID)})
D["specialLocations"] = obj({"displayBase": R("artifactLocation")})
D["stack"] = obj({"message": R("message"), "frames": arr(R("stackFrame"), False)}, ["frames"])
D["stackFrame"] = obj({"location": R("location"), "module": S(), "threadId": I(), "parameters": arr(S(), False)})
D["suppression"] = obj({"guid": S(pattern=GUID), "kind": {"enum": ["inSource", "external"]},
                        "status": {"enum": ["accepted", "underReview", "rejected"]}, "justification": S(),
                        "location": R("location")}, ["kind"])
D["threadFlow"] = obj({"id": S(), "message": R("message"), "initialState": smap(R("multiformatMessageString")),
                       "immutableState": smap(R("multiformatMessageString")), "locations": arr(R("threadFlowLocation"), False, 1)},
                      ["locations"])
D["threadFlowLocation"] = obj({
    "index": I(-1), "location": R("location"), "stack": R("stack"), "kinds": arr(S(), True),
    "taxa": arr(R("reportingDescriptorReference"), True), "module": S(), "state": smap(R("multiformatMessageString")),
    "nestingLevel": I(0), "executionOrder": I(-1), "executionTimeUtc": S(format="date-time"),
    "importance": {"enum": ["important", "essential", "unimportant"]}, "webRequest": R("webRequest"), "webResponse": R("webResponse")})
D["tool"] = obj({"driver": R("toolComponent"), "extensions": arr(R("toolComponent"), True)}, ["driver"])
D["toolComponent"] = obj({
    "guid": S(pattern=GUID), "name": S(), "organization": S(), "product": S(), "productSuite": S(),
    "shortDescription": R("multiformatMessageString"), "fullDescription": R("multiformatMessageString"), "fullName": S(),
    "version": S(), "semanticVersion": S(), "dottedQuadFileVersion": S(pattern="[0-9]+(\\.[0-9]+){3}"), "releaseDateUtc": S(),
    "downloadUri": S(format="uri"), "informationUri": S(format="uri"), "globalMessageStrings": smap(R("multiformatMessageString")),
    "notifications": arr(R("reportingDescriptor"), True), "rules": arr(R("reportingDescriptor"), True),
    "taxa": arr(R("reportingDescriptor"), True), "locations": {"type": "array", "minItems": 0, "items": R("artifactLocation")},
    "language": S(pattern=LANG),
    "contents": {"type": "array", "uniqueItems": True, "items": {"enum": ["localizedData", "nonLocalizedData"]}},
    "isComprehensive": B(), "localizedDataSemanticVersion": S(), "minimumRequiredLocalizedDataSemanticVersion": S(),
    "associatedComponent": R("toolComponentReference"), "translationMetadata": R("translationMetadata"),
    "supportedTaxonomies": arr(R("toolComponentReference"), True)}, ["name"])
D["toolComponentReference"] = obj({"name": S(), "index": I(-1), "guid": S(pattern=GUID)})
D["translationMetadata"] = obj({"name": S(), "fullName": S(), "shortDescription": R("multiformatMessageString"),
                                "fullDescription": R("multiformatMessageString"), "downloadUri": S(format="uri"),
                                "informationUri": S(format="uri")}, ["name"])
D["versionControlDetails"] = obj({"repositoryUri": S(format="uri"), "revisionId": S(), "branch": S(), "revisionTag": S(),
                                  "asOfTimeUtc": S(format="date-time"), "mappedTo": R("artifactLocation")}, ["repositoryUri"])
D["webRequest"] = obj({"index": I(-1), "protocol": S(), "version": S(), "target": S(), "method": S(), "headers": smap(S()),
                       "parameters": smap(S()), "body": R("artifactContent")})
D["webResponse"] = obj({"index": I(-1), "protocol": S(), "version": S(), "statusCode": I(), "reasonPhrase": S(),
                        "headers": smap(S()), "body": R("artifactContent"), "noResponseReceived": B()})

schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json",
    "title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "$schema": S(format="uri"), "version": {"enum": ["2.1.0"]}, "runs": arr(R("run"), False),
        "inlineExternalProperties": arr(R("externalProperties"), True), "properties": R("propertyBag")},
    "required": ["version", "runs"],
    "definitions": D,
}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif-schema-2.1.0.json"), "w") as out:
    json.dump(schema, out, indent=1, sort_keys=True)
    out.write("\n")
