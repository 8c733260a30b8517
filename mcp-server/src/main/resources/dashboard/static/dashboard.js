// The dashboard's only script: confirmation dialogs that call the REST API, and live updates of a deployment page
// over Server-Sent Events. No framework, no build step; pages work (read-only) without it.
'use strict';
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  let opener = null;

  function show(id, text) {
    const m = document.getElementById(id);
    if (!m) return;
    m.textContent = text;
    m.hidden = false;
    if (id === 'message') m.focus();
  }

  function deploymentId() {
    const d = $('#deployment');
    return d ? d.dataset.deploymentId : null;
  }

  // Same-origin fetch with the session cookie; a problem+json answer becomes an Error with its title and detail.
  async function call(method, url, body) {
    const res = await fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json, application/problem+json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!res.ok) {
      // problem+json from the API; anything else (a proxy's HTML page) is named by its status only
      const title = (data && (data.title || data.error)) || ('HTTP ' + res.status + ' ' + res.statusText + ' from ' + url);
      throw new Error(title + (data && data.detail ? ': ' + data.detail : ''));
    }
    return data;
  }

  function openDialog(id, button) {
    const dialog = document.getElementById(id);
    if (!dialog || dialog.open) return;
    opener = button;
    if (id === 'approve-dialog' || id === 'reject-dialog') loadApproval();
    dialog.showModal();
    const first = dialog.querySelector('input:not([type=hidden]), textarea, select');
    if (first) first.focus();
  }

  // What the approver signs: the REST API answers the challenge and the command while the gate is open.
  // The challenge shown is the one sent back with the signature, so the server checks what the human signed.
  let challenges = {};

  async function loadApproval() {
    const cmd = $('#approve-sign-command');
    const challenge = $('#approve-challenge');
    try {
      const d = await call('GET', '/api/v1/deployments/' + encodeURIComponent(deploymentId()));
      const a = (d && d.approval) || {};
      challenges = { approve: a.challenge, reject: a.rejectChallenge };
      cmd.textContent = a.signCommand || 'No sign command: the deployment is not waiting for an approval now.';
      challenge.textContent = a.challenge || '';
      const rejectCmd = $('#reject-sign-command');
      if (rejectCmd && a.rejectSignCommand) rejectCmd.textContent = a.rejectSignCommand;
    } catch (e) {
      cmd.textContent = 'Could not load the sign command (' + e.message + '). In a terminal: '
        + 'deployment-pipeline deploy approve ' + deploymentId();
    }
  }

  document.addEventListener('click', function (e) {
    const open = e.target.closest('button[data-dialog]');
    if (open) { openDialog(open.dataset.dialog, open); return; }
    const cancel = e.target.closest('dialog button[id$="-cancel"]');
    if (cancel) cancel.closest('dialog').close();
  });

  // Focus goes back to the button that opened the dialog (or to main if a live update replaced it).
  document.addEventListener('close', function (e) {
    if (e.target.tagName !== 'DIALOG') return;
    const back = opener && document.contains(opener) ? opener : $('#main');
    if (back) back.focus();
  }, true);

  const ACTIONS = {
    'deploy-dialog': async function () {
      const body = { branch: $('#deploy-branch').value.trim() };
      const service = $('#deploy-service') || $('#deploy-service-name');
      if (service && service.value) body.service = service.value;
      const d = await call('POST', '/api/v1/deployments', body);
      location.assign('/deployments/' + encodeURIComponent(d.id || d.deploymentId));
      return 'Deployment started.';
    },
    'approve-dialog': async function (id) {
      const body = {};
      const sig = $('#signature').value.trim();
      const comment = $('#comment').value.trim();
      if (sig) body.signature = sig;
      if (sig && challenges.approve) body.challenge = challenges.approve;
      if (comment) body.comment = comment;
      await call('POST', '/api/v1/deployments/' + encodeURIComponent(id) + '/approve', body);
      return 'Approved: ' + id + ' goes on to prod.';
    },
    'reject-dialog': async function (id) {
      const body = {};
      const comment = $('#reject-comment').value.trim();
      const sig = $('#reject-signature').value.trim();
      if (comment) body.comment = comment;
      if (sig) body.signature = sig;
      if (sig && challenges.reject) body.challenge = challenges.reject;
      await call('POST', '/api/v1/deployments/' + encodeURIComponent(id) + '/reject', body);
      return 'Rejected ' + id + '.';
    },
    'rollback-dialog': async function (id) {
      const reason = $('#rollback-reason').value.trim();
      await call('POST', '/api/v1/deployments/' + encodeURIComponent(id) + '/rollback', reason ? { reason: reason } : {});
      return 'Rolled back ' + id + '.';
    }
  };

  document.addEventListener('submit', async function (e) {
    const dialog = e.target.closest('dialog');
    if (!dialog || !ACTIONS[dialog.id]) return;
    e.preventDefault();
    const confirm = dialog.querySelector('button[type=submit]');
    confirm.disabled = true;
    confirm.setAttribute('aria-busy', 'true');
    try {
      const done = await ACTIONS[dialog.id](deploymentId());
      dialog.close();
      $('#message').hidden = true;
      show('notice', done);
      refresh();
    } catch (err) {
      dialog.close();
      show('message', err.message);
    } finally {
      confirm.disabled = false;
      confirm.removeAttribute('aria-busy');
    }
  });

  // Live deployment page: every event re-reads the page and swaps in its live parts; the state is set at once.
  const LIVE = ['#stages', '#log-tail', '#log-title', '#next-step', '#actions', '#facts', '#audit-section'];
  let timer = null;
  let busy = false;
  let again = false;

  function setState(state) {
    const el = $('#deployment-state');
    if (!el || !state) return;
    el.textContent = state;
    el.dataset.state = state;
    el.className = 'badge ' + state;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 100);
  }

  async function refresh() {
    if (!deploymentId()) return;
    if (busy) { again = true; return; }
    busy = true;
    try {
      const res = await fetch(location.pathname, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const state = $('#deployment-state', doc);
      if (state) setState(state.dataset.state);
      for (const sel of LIVE) {
        const now = $(sel);
        const next = $(sel, doc);
        if (now && next) now.replaceWith(document.importNode(next, true));
      }
      const rollout = $('#rollout');
      const nextRollout = $('#rollout', doc);
      if (nextRollout) {
        const node = document.importNode(nextRollout, true);
        if (rollout) rollout.replaceWith(node); else $('#audit-section').before(node);
      }
    } catch (e) {
      // the next event or reconnect tries again
    } finally {
      busy = false;
      if (again) { again = false; schedule(); }
    }
  }

  function live(id) {
    const status = $('#live-status');
    let delay = 1000;
    function connect() {
      const es = new EventSource('/api/v1/events?deployment=' + encodeURIComponent(id));
      es.onopen = function () { status.textContent = 'live'; delay = 1000; schedule(); };
      es.onerror = function () {
        status.textContent = 'reconnecting';
        // The browser retries a dropped stream itself; a refused one (closed) is retried here, backing off.
        if (es.readyState === EventSource.CLOSED) {
          setTimeout(connect, delay);
          delay = Math.min(delay * 2, 5000);
        }
      };
      es.addEventListener('transition', function (e) {
        try { setState(JSON.parse(e.data).state); } catch (err) { /* ignore a malformed event */ }
        schedule();
      });
      es.addEventListener('progress', schedule);
      es.onmessage = schedule;
    }
    connect();
  }

  document.addEventListener('DOMContentLoaded', function () {
    const id = deploymentId();
    if (id && window.EventSource) live(id);
  });
})();
