"""Part 1's sample app. Run it with: uvicorn part1.sample:app --port 8001"""

from .app import App

app = App()


async def home() -> None:
    """What a handler returns is ignored in Part 1: the app answers "ok"."""


async def list_users() -> None:
    """Another handler; Part 1 cannot send its own data yet."""


app.router.add_route("/", home)
app.router.add_route("/users", list_users)

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8001)
