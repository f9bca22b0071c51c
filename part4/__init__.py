"""Part 4: lifespan and background tasks.

The app runs the server's start-up and shut-down through a lifespan context
manager that can share state with every request, and runs background tasks
that no response waits for on a bounded pool of workers that drains at exit.
"""
