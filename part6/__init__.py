"""Part 6: path parameters and typed handlers (beyond the series).

Route templates such as /users/{user_id:int} live in the trie; a handler's
signature is read once, when its route is added, into a plan that fills its
parameters per request, answers 422 for every problem at once, and sends
plain return values as JSON.
"""
