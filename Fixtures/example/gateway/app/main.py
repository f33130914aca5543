"""The example service Vouch's demo works on: a small FastAPI API gateway."""
from fastapi import FastAPI

app = FastAPI(title="gateway")


@app.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}
