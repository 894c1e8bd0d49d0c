/*
 * The filter form, made smoother: a change applies the filters at once, the results are swapped in
 * place, and the live region ([data-filter-status], role="status") tells screen readers the new
 * count. Without this script the form's submit button does the same with a page load.
 */
(function () {
  "use strict";

  const form = document.querySelector("[data-filter-form]");
  const results = document.querySelector("[data-filter-results]");
  const status = document.querySelector("[data-filter-status]");
  if (!form || !results || !status || !window.fetch || !window.DOMParser) {
    return;
  }
  let pending = null;

  function formUrl() {
    const url = new URL(form.action || window.location.href, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    return url.toString();
  }

  function openFacets() {
    return Array.from(form.querySelectorAll("details")).map((details) => details.open);
  }

  function focusedInput() {
    const active = document.activeElement;
    if (!active || !form.contains(active)) {
      return null;
    }
    // Elements without a name (the submit button, a facet's summary, a link) are found again by their
    // place among the elements of their kind: the form is replaced, so focus must not fall to the body.
    const tag = active.tagName;
    const index = Array.from(form.getElementsByTagName(tag)).indexOf(active);
    return { name: active.name, value: active.value, tag: tag, index: index };
  }

  function restore(opened, focused) {
    form.querySelectorAll("details").forEach((details, index) => {
      if (opened[index]) {
        details.open = true;
      }
    });
    if (!focused) {
      return;
    }
    let match = null;
    if (focused.name) {
      match = Array.from(form.elements).find(
        (element) => element.name === focused.name && (element.type !== "checkbox" || element.value === focused.value)
      );
    } else {
      match = form.getElementsByTagName(focused.tag)[focused.index];
    }
    if (match) {
      match.focus();
    }
  }

  function adopted(element) {
    // A copy first: adopting a node takes it out of the live childNodes list.
    return Array.from(element.childNodes).map((node) => document.adoptNode(node));
  }

  async function update(url, push) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const newResults = page.querySelector("[data-filter-results]");
      const newForm = page.querySelector("[data-filter-form]");
      const newStatus = page.querySelector("[data-filter-status]");
      if (!response.ok || !newResults || !newForm || !newStatus) {
        window.location.assign(url);
        return;
      }
      const opened = openFacets();
      const focused = focusedInput();
      results.replaceChildren(...adopted(newResults));
      form.replaceChildren(...adopted(newForm));
      restore(opened, focused);
      status.textContent = newStatus.textContent.trim();
      document.title = page.title;
      // Applying an unchanged filter state (the submit button after a change already applied it) adds
      // no history entry: Back must go to the previous state, not to the same one.
      if (push && url !== window.location.href) {
        window.history.pushState({ filters: true }, "", url);
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        window.location.assign(url);
      }
    } finally {
      results.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("change", () => update(formUrl(), true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(formUrl(), true);
  });
  window.addEventListener("popstate", () => update(window.location.href, false));
})();
