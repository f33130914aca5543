"""Validates a CycloneDX document with cyclonedx-python-lib's strict validators (the official schemas).

    .venv-peers/bin/python Fixtures/sbom/validate-cyclonedx.py json|xml 1.4|1.5|1.6|1.7 FILE

Exit 0 valid, 1 invalid (the first error printed).
"""
import sys

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator

kind, version, path = sys.argv[1:4]
schema = {"1.4": SchemaVersion.V1_4, "1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}[version]
validator = JsonStrictValidator(schema) if kind == "json" else XmlValidator(schema)
with open(path, encoding="utf-8") as handle:
    error = validator.validate_str(handle.read())
if error is not None:
    print(f"invalid: {error}")
    sys.exit(1)
print("valid")
