// Collect article links from an index page.
const links = [];
for (const anchor of document.querySelectorAll("article a")) {
  if (anchor.href.includes("/art/")) {
    links.push(anchor.href);
  }
}
console.log(JSON.stringify(links, null, 2));
