"""Turn Amazon's pinned SP-API models into the generated package ``selling_partner_api``.

The pipeline is: load -> patch (:mod:`generator.patches`) -> convert Swagger 2.0 to OpenAPI 3.0
(:mod:`generator.convert`) -> normalise (:mod:`generator.normalise`) -> render with openapi-python-client's
parser and our own templates (:mod:`generator.render`) -> format with ruff. The operation table and the
static sandbox examples are extracted beside it (:func:`generator.pipeline.operation_rows`). Run it with
``make generate``.
"""
