"""The app's pages, one blueprint per concern; each view reads the request, makes one engine
call, then redirects or renders."""
