"""The analyst notebooks' side of the package.

- `analyst`: what a notebook calls besides the client: open the service, label people in charts,
  keep the figures it found in a small JSON file (which the tests compare with the API).
- `pages`: run a notebook with parameters, and turn the run into a static page that opens with
  no internet (`make notebooks-html`; the service serves the pages at `/notebooks/`).
"""
