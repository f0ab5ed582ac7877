"""`kiosk publish`: the phone pages of the whole catalog as a static site that any web host
serves (the commune's website, the province's portal, static hosting): every procedure in
vi/en/id, the field lists, a search page that works without a server, and the /q/SLUG short
links as redirect pages. Links inside are relative; publishing again writes only what
changed and says so in manifest.json (docs/posters.md, "A published copy")."""
