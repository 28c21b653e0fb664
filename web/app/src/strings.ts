import type { ErrorWords } from "./errors.ts";
import type { EventWords } from "./event-text.ts";
import { type Lang, lang } from "./locale.ts";
import { fr } from "./strings.fr.ts";

/** Every string the agent app shows, in English; the French table in strings.fr.ts has the same shape (the
 * compiler rejects a missing key). `t` is the table of the agent's language (see locale.ts). */
const en = {
  appName: "Help desk",
  signIn: "Sign in",
  signOut: "Sign out",
  signOutEverywhere: {
    // Not "Sign out …": the sign-out button's name must stay the only one that reads so.
    label: "End all my sessions",
    hint: "Signs you out on every browser and device, this one included. API tokens stay (an admin revokes them).",
    failed: "Your sessions could not be ended (or the answer was lost). Try again.",
  },
  email: "Email",
  password: "Password",
  signInFailed: "Wrong email or password.",
  sessionExpired: "Your session ended. Sign in again to go on where you were.",
  views: { unassigned: "Unassigned", mine: "Mine", team: "Team", all: "All open" } as Record<string, string>,
  statuses: {
    new: "New",
    open: "Open",
    pending: "Pending",
    on_hold: "On hold",
    solved: "Solved",
    closed: "Closed",
  } as Record<string, string>,
  priorities: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" } as Record<string, string>,
  anyStatus: "Any status",
  any: "Any",
  filters: {
    priority: "Priority",
    tier: "Tier",
    channel: "Channel",
    slaState: "SLA",
    category: "Category",
    assigneeId: "Assignee",
  } as Record<string, string>,
  status: "Status",
  priority: "Priority",
  assignee: "Assignee",
  team: "Team",
  category: "Category",
  tier: "Tier",
  /** Field names on the timeline. */
  fields: {
    status: "Status",
    priority: "Priority",
    category: "Category",
    team: "Team",
    tier: "Tier",
    assigneeId: "Assignee",
    tags: "Tags",
    escalationReason: "Escalation reason",
    csatRating: "Satisfaction",
  } as Record<string, string>,
  escalate: "Escalate",
  escalateTo: "To tier",
  escalationReason: "Reason",
  escalationReasons: {
    needs_expertise: "Needs more expertise",
    needs_access: "Needs access we lack",
    customer_request: "Customer asked for it",
    unspecified: "Other",
    sla_first_response: "First-response target missed",
    sla_resolution: "Resolution target missed",
    vendor: "External vendor",
  } as Record<string, string>,
  escalated: "Escalated",
  nobody: "Nobody",
  unassigned: "Unassigned",
  mentionAgent: "Mention an agent",
  mailNotices: "Mail me notices",
  newTicket: "New ticket",
  createTicket: "Create ticket",
  letTriageDecide: "Let triage decide",
  none: "None",
  loadMore: "Load more",
  empty: "Nothing here. Well done.",
  loading: "Loading…",
  reply: "Reply",
  sendReply: "Send reply",
  sendAndSolve: "Send and solve",
  internalNote: "Internal note",
  addNote: "Add note",
  note: "Internal note",
  requester: "Requester",
  sla: "SLA",
  firstResponseDue: "First response due",
  resolutionDue: "Resolution due",
  paused: "Paused (waiting on the customer)",
  breached: "Breached",
  late: "late",
  left: "left",
  timeline: "Timeline",
  stale: "This ticket changed while you were working on it. Your draft is kept.",
  reloadKeep: "Show the latest and keep my draft",
  saved: "Saved",
  sent: "Sent",
  shortcuts: "Keyboard shortcuts",
  close: "Close",
  shortcutList: [
    ["j / k", "Next / previous ticket in a list"],
    ["Enter", "Open the selected ticket"],
    ["x", "Select the ticket for a bulk action"],
    ["r", "Reply"],
    ["n", "Internal note"],
    ["s", "Solve the open ticket"],
    ["/", "Search"],
    ["u", "Back to the queue"],
    ["?", "This list"],
  ] as [string, string][],
  kb: "Knowledge base",
  reports: "Reports",
  report: "Report",
  period: "Per",
  chartOf: "Chart of",
  figures: "Figures",
  ticketsBehind: "Open the tickets behind these figures",
  periods: { day: "Day", week: "Week", month: "Month" } as Record<string, string>,
  rangeFrom: "From",
  rangeTo: "To",
  groupBy: "Group by",
  downloadCsv: "Download CSV",
  noFigures: "No figures for this range yet.",
  newArticle: "New article",
  drafts: "Drafts",
  published: "Published",
  articleTitle: "Title",
  helpfulVotes: "Helpful",
  deflections: "Deflections",
  updated: "Updated",
  language: "Language",
  keywords: "Keywords (comma-separated)",
  markdown: "Text (Markdown)",
  saveArticle: "Save article",
  viewPublic: "See it in the help center",
  history: "History",
  toArticle: "Save as a draft article",
  articleDrafted: "Draft article created.",
  search: "Search",
  noResults: "No ticket matches. Try fewer or other words.",
  results: "Results",
  truncated: "Only the newest matches are shown; add a word to narrow the search.",
  searchPlaceholder: "#number, email, or words",
  kinds: {
    customer_message: "Customer",
    agent_reply: "Reply",
    internal_note: "Internal note",
    event: "Event",
    auto_mail: "Automatic mail",
    vendor_message: "Vendor",
  } as Record<string, string>,
  from: "From",
  to: "To",
  messageId: "Message-ID",
  auth: "Authentication",
  attachments: "Attachments",
  showOriginal: "Show the original mail",
  downloadOriginal: "Download the original message (.eml)",
  signed: "signature (not checked)",
  signedTitle:
    "This mail carries a signature (S/MIME or PGP), not checked by the desk; it is in the original message.",
  back: "Back to the queue",
  notFound: "No such ticket.",
  error: "Something went wrong. Try again.",
  /** Words several screens share. */
  common: {
    /** Typed past the server's limit: said under the field, never cut. */
    tooLong: (length: number, max: number) =>
      `Too long: ${length.toLocaleString("en")} characters, at most ${max.toLocaleString("en")}.`,
    save: "Save",
    saved: "Saved.",
    saveThis: (name: string) => `Save ${name}`,
    savedThis: (name: string) => `${name} saved.`,
    delete: "Delete",
    deleteThis: (name: string) => `Delete ${name}`,
    refresh: "Refresh",
    name: "Name",
    role: "Role",
    roles: { agent: "Agent", admin: "Admin" } as Record<string, string>,
    active: "Active",
    adminsOnly: "Admins only.",
    /** After a count, for screen readers: "12 tickets". */
    tickets: "tickets",
    /** Between a label and its value: French puts a (no-break) space before the colon. */
    colon: ": ",
    mainNav: "Main",
    admin: "Admin",
    subject: "Subject",
    message: "Message",
    channels: { phone: "Phone", walk_in: "Walk-in", email: "Email", web: "Web", api: "API" } as Record<
      string,
      string
    >,
    tiers: { L1: "L1", L2: "L2", L3: "L3", L4: "L4 (vendor)" } as Record<string, string>,
    slaStates: { ok: "On track", warning: "At risk", breached: "Breached", paused: "Paused" } as Record<
      string,
      string
    >,
    kbStatuses: { draft: "Draft", published: "Published" } as Record<string, string>,
    mailAuth: (spf: string, dkim: string, dmarc: string) => `SPF ${spf}, DKIM ${dkim}, DMARC ${dmarc}`,
  },
  /** What the API's stable error codes mean to an agent (else the server's own message is shown). */
  apiErrors: {
    file_missing: "This file is no longer stored (removed by retention, or never saved).",
    invalid_transition: "This status change is not allowed from the ticket's current status.",
    stale_version: "Someone changed this meanwhile. Look again, then retry.",
    bad_if_match: "The app sent an unreadable version of this page. Reload it, then retry.",
    ticket_busy: "Someone else is changing this ticket right now. Try again in a moment.",
    ticket_closed: "This ticket is closed: it can no longer change.",
    agent_inactive: "This agent is deactivated.",
    email_taken: "An agent already has this email address.",
    already_exists: "This id is already taken.",
    already_accepted: "Already accepted onto the ticket.",
    already_split: "Already split into another ticket.",
    not_held: "This message is no longer waiting for a decision.",
    forbidden: "You are not allowed to do this.",
    token_scope: "You are not allowed to do this.",
    session_required: "Only a signed-in browser can do this, not an API token.",
    csrf_failed: "Your session needs refreshing: reload the page and try again.",
    not_found: "Not found: it may have been deleted.",
    payload_too_large: "Too large to send: at most 4 MB of files in all.",
    attachments_too_large: "The files are too large: at most 4 MB in all.",
    too_many_attachments: "At most 10 files per message.",
    rate_limited: "Too many requests: wait a moment and try again.",
    invalid_credentials: "Wrong email or password.",
    link_to_self: "A ticket cannot be linked to itself.",
    no_block:
      "The block you saw is no longer there: someone lifted it, or a new one replaced it (see the card again).",
    complaint_admin_only:
      "This customer reported the desk's mail as spam: only an admin may mail them again.",
    too_many_links: "This ticket already has as many related tickets as it can hold: remove one first.",
    target_not_found: "No ticket has this number: check it and try again.",
    merge_into_self: "A ticket cannot be merged into itself.",
    already_merged: "This ticket was already merged into another one.",
    target_merged: "That ticket was itself merged into another: merge into that one instead.",
    target_closed: "That ticket is closed: merge into an open or solved ticket.",
    source_closed: "This ticket is closed: only an open or solved ticket can be merged.",
    merge_cycle: "That ticket was merged into this one: it cannot take this one in turn.",
    too_many_merged: "That ticket already holds as many merged tickets as it can.",
    not_customer_message: "Only a customer's message can be split into a ticket.",
    already_decided: "Someone else already accepted or split this message.",
    cc_full: "This ticket already copies as many addresses as it can: split the message instead.",
    sender_not_copyable:
      "This sender is automatic mail, a list or a no-reply address: split the message rather than copy them.",
    attachment_type_not_allowed: "This type of file is not accepted.",
    idempotency_key_reused: "This was already sent with different content: reload the page and try again.",
    precondition_required: "Reload the ticket, then try again.",
    invalid_cursor: "This list moved on: start again from its first page.",
    invalid_requester: "The requester must be a valid address to write to (not a no-reply box).",
    not_filed: "The message could not be filed: reload the list.",
    quarantined: "This message is quarantined: it cannot be filed.",
    unknown_queue: "No worker has this name: reload the page.",
    reserved_id: "This id is reserved: choose another.",
    unicode_local_part:
      "Our mail service (Amazon SES) cannot deliver to an address with accents or non-Latin letters before the @: give another address.",
    unauthorized: "Your session has ended: sign in again.",
    malformed_body: "The desk could not read this request: reload the page and try again.",
    unsupported_media_type: "The desk could not read this request: reload the page and try again.",
    cc_requester: "The requester gets every mail of the ticket already: no need to copy them.",
    /** A malformed address, a no-reply box or the desk's own address, named. */
    cc_not_copyable: (w: ErrorWords) =>
      `Cannot copy ${w.addresses}: not a valid address, a no-reply box or the desk itself.`,
    requester_is_desk: (w: ErrorWords) =>
      `${w.addresses} is one of the desk's own addresses: the requester must be someone the desk can answer.`,
    invalid_desk_alias: (w: ErrorWords) =>
      w.addresses ? `Not a valid address: ${w.addresses}.` : "List the desk's other addresses, one per line.",
    duplicate_desk_alias: (w: ErrorWords) => `Listed twice: ${w.addresses}.`,
    desk_alias_is_mail_from: (w: ErrorWords) =>
      `${w.addresses} is the desk's sending address (DESK_MAIL_FROM): it is the desk's already, leave it out.`,
    too_many_desk_aliases: "At most 20 other addresses.",
    invalid_date: "No such day in the calendar (such as 30 February): pick a real date.",
  } as Record<string, string | ((w: ErrorWords) => string)>,
  queuePage: {
    queues: "Queues",
    sort: "Sort",
    sorts: { activity: "Last activity", sla: "SLA urgency" } as Record<string, string>,
    bulk: "Bulk actions",
    selected: (n: string) => `${n} selected`,
    setStatus: "Set status of selected",
    setPriority: "Set priority of selected",
    assignSelected: "Assign selected to",
    assignToMe: "Assign to me",
    selectAll: "Select all",
    select: (n: number) => `Select #${n}`,
    ticket: "Ticket",
    activity: "Activity",
    bulkDone: (n: string) => `${n} updated.`,
    bulkPartly: (done: string, failed: string) =>
      `${done} updated; ${failed} changed meanwhile or refused — look at them again.`,
  },
  ticketPage: {
    details: "Ticket details",
    otherTickets: "Their other tickets",
    replying: (name: string) => `${name} is writing a reply`,
    viewing: (name: string) => `${name} is viewing this ticket`,
    /** The requester card when the desk may no longer mail the requester (core/mail/suppression.ts). */
    undeliverable: {
      bounce: (since: string) => `Mail to this address bounced for good on ${since}.`,
      complaint: (since: string) => `This customer reported the desk's mail as spam on ${since}.`,
      detail: "Reason given:",
      why: "Why:",
      sesDetail: "What Amazon SES reported",
      /** A bounce's SES subtype (bounceSubType), in words. */
      bounceKinds: {
        General: "the receiving mail server refused it for good (its own words below).",
        NoEmail: "the address does not exist.",
        Suppressed:
          "Amazon SES did not send it: the address is on SES's global suppression list, after recent bounces to it.",
        OnAccountSuppressionList:
          "Amazon SES did not send it: the address is on the desk's own suppression list in its SES account.",
        MailboxFull: "the customer's mailbox is full.",
        MessageTooLarge: "the message was too large for the receiving mail server.",
        ContentRejected: "the receiving mail server refused the message's content.",
        AttachmentRejected: "the receiving mail server refused an attached file.",
        Undetermined: "the bounce did not say why.",
      } as Record<string, string>,
      /** A complaint's SES feedback type (complaintFeedbackType), in words. */
      complaintKinds: {
        abuse: "they marked the mail as unwanted (spam).",
        fraud: "they reported the mail as fraud or phishing.",
        "not-spam": "they marked the mail as not spam (their provider reported it all the same).",
        virus: "they reported the mail as carrying a virus.",
        "auth-failure": "their mail provider reported that the mail failed a sender authentication check.",
        other: "they complained without a more precise reason.",
      } as Record<string, string>,
      bounceWhat:
        "The desk sends no more automatic mail here (acknowledgements, surveys). Your replies are still sent, and will likely bounce too: check the address with the customer another way (phone), or copy a working address of theirs on the ticket. Mail from this address does not clear the mark: an agent can (below), once the address works again.",
      complaintWhat:
        "The desk sends no more automatic mail here (acknowledgements, surveys). Your replies are still sent: write only what the customer asked for.",
      lift: "Mail this address again",
      adminLifts:
        "Only an admin can mail this address again: ask one to lift the block if the customer wants the desk's mail again.",
      liftConfirm:
        "Send automatic mail to this address again? Do it only if the customer's mailbox works again. Amazon SES may still refuse to deliver to it.",
      lifted: "The desk mails this address again.",
      liftYes: "Yes, mail it again",
      liftNo: "Cancel",
    },
  },
  composer: {
    label: "Composer",
    canned: "Insert canned reply",
  },
  deadLetterBanner: {
    text: (n: string) => `${n} event(s) failed every retry and wait in a dead-letter queue.`,
    link: "Look and redrive",
  },
  reportNames: {
    volume: "Volume",
    "response-times": "Response times",
    escalations: "Escalations",
    sla: "SLA",
    satisfaction: "Satisfaction",
    comments: "Satisfaction comments",
    workload: "Workload",
    backlog: "Backlog",
    deflection: "Help center deflection",
    cost: "Cost",
  } as Record<string, string>,
  reportGroups: {
    all: "Everything",
    team: "Team",
    category: "Category",
    agent: "Agent",
    priority: "Priority",
    channel: "Channel",
    tier: "Tier",
  } as Record<string, string>,
  chartLabel: "Chart of the figures below, over the range",
  /** Mail from someone not on the ticket, waiting for an agent. */
  held: {
    label: "From someone not on this ticket: only agents see it, nobody is copied.",
    accept: "Accept (copy this sender on the ticket)",
    split: "Split into a new ticket",
    accepted: "Accepted onto the ticket.",
    splitInto: "Split into ticket",
    deliveryReport: "Delivery report",
    spamReport: "Spam report",
    spamReportNote:
      "A mail provider's abuse report about mail the desk sent: the recipient who complained gets no more automatic mail (an admin can lift it). Only agents see it, and there is nothing to accept.",
    deliveryReportNote:
      "A delivery report about mail the desk sent (a bounce): only agents see it, and there is nothing to accept.",
  },
  /** Admin: mail the desk could not file. */
  unfiled: {
    title: "Unfiled mail",
    intro:
      "Messages the desk could not file by itself, and those it set aside on purpose (automatic replies to closed tickets, its own mail come back, stray delivery reports, viruses). File one by hand as a new ticket, or dismiss it.",
    empty: "Nothing waiting: every message was filed.",
    setAsideUntil: "Set aside automatically; leaves this list by itself on",
    quarantined: "Quarantined: it cannot be downloaded or filed.",
    noSubject: "(no subject)",
    file: "File as a ticket",
    filed: "Filed as a new ticket.",
    dismiss: "Dismiss",
    more: "More",
    requesterEmail: "Requester email",
    requesterName: "Requester name",
    reasons: {
      no_sender: "No usable sender",
      too_large: "Too large to store",
      failed: "Failed repeatedly",
      automatic: "Automatic reply to a closed ticket",
      own_address: "Sent from the desk's own address (a loop?)",
      stray_report: "Delivery report about no mail of the desk",
      virus: "Virus",
    } as Record<string, string>,
    requesterHint:
      "The sender cannot be the requester (the desk's own or a no-reply address): enter the customer's.",
  },
  /** Admin area: every screen's titles, labels and outcomes. */
  admin: {
    link: "Admin",
    nav: "Administration",
    homeTitle: "Administration",
    homeIntro: "Everything the desk can be set up with, one screen per topic.",
    adminsOnly: "Admins only.",
    saved: "Saved.",
    failed: "Something went wrong. Try again.",
    save: "Save",
    none: "None",
    screens: {
      agents: ["Agents", "Invite people, their role, teams, capacity and absences."],
      teams: ["Teams", "Who is in each team, tiers, auto-assign and escalation."],
      categories: ["Categories and rules", "Categories, the words that route to them and their team."],
      sla: ["SLA and business hours", "Targets per priority and when the desk is open."],
      triage: ["Triage and VIPs", "How new tickets are sorted, the fallback team and VIP requesters."],
      satisfaction: ["Satisfaction", "Whether and when customers are asked how we did."],
      housekeeping: ["Housekeeping", "Reminders, automatic solve and close, alerts."],
      vendors: ["Vendors (L4)", "External suppliers tickets can be handed to."],
      canned: ["Canned replies", "Ready-made answers agents insert in a reply."],
      tokens: ["API tokens", "Keys for integrations, acting as an agent."],
      reports: ["Report access", "Who besides admins sees the reports."],
      "dead-letters": ["Dead letters", "Work that failed repeatedly, to send again."],
      unfiled: ["Unfiled mail", "Messages the desk could not file by itself."],
    } as Record<string, [string, string]>,
    agents: {
      name: "Name",
      email: "Email",
      role: "Role",
      teams: "Teams",
      capacity: "Capacity",
      away: "Away",
      active: "Active",
      weekly: "Weekly summary",
      roles: { agent: "Agent", admin: "Admin" } as Record<string, string>,
      noTeam: "No team",
      teamsOf: (name: string) => `${name}: teams`,
      roleOf: (name: string) => `${name}: role`,
      capacityOf: (name: string) => `${name}: capacity`,
      awayOf: (name: string) => `${name} is away`,
      activeOf: (name: string) => `${name} is active`,
      weeklyOf: (name: string) => `${name} gets the weekly summary`,
      signature: "Signature",
      noSignature: "None",
      signatureOf: (name: string) => `${name}: signature`,
      saveSignatureOf: (name: string) => `Save ${name}'s signature`,
      signatureHint: (lines: number, chars: number) =>
        `Added under their public replies, after a line \u201c-- \u201d. Plain text, at most ${lines} lines and ${chars} characters; leave it empty for none.`,
      signatureSaved: (name: string) =>
        `Saved ${name}'s signature. Their next replies carry it; replies already sent keep theirs.`,
      signatureRemoved: (name: string) => `Removed ${name}'s signature. Their next replies carry none.`,
      invite: "Invite an agent",
      password: "First password",
      locale: "Language of their notices",
      teamsLegend: "Teams (triage gives a team's new tickets to its members)",
      nobodyYet: " — nobody yet",
      create: "Create agent",
      created: (name: string) => `Created ${name}.`,
      createdNoTeam: (name: string) =>
        `Created ${name}, in no team: they get no team's tickets until you add them to one.`,
    },
    teams: {
      team: "Team",
      members: "Active members",
      tier: "Tier",
      autoAssign: "Auto-assign",
      escalatesTo: "Escalates to",
      nobody: "⚠ nobody",
      stays: "Nobody (stays here)",
      emptyWarning: (names: string) =>
        `⚠ No active member in ${names}: tickets routed there reach only the admins (their Unassigned view and the safety-net mail). Add people to these teams in Agents.`,
      tierOf: (name: string) => `${name}: tier`,
      autoAssignOf: (name: string) => `${name}: auto-assign`,
      escalatesToOf: (name: string) => `${name}: escalates to`,
      create: "New team",
      name: "Team name",
      nameFr: "Name in French (optional)",
      rename: "Rename a team",
      renameButton: "Save the names",
      renamed: "Names saved.",
      createButton: "Create team",
      created: "Team created.",
    },
    categories: {
      name: "Name",
      defaultTeam: "Default team",
      keywords: "Keywords (comma-separated, English and French)",
      saveOne: (name: string) => `Save ${name}`,
      savedOne: (name: string) => `${name} saved.`,
      create: "New category",
      createName: "Category name",
      createButton: "Create category",
      created: "Category created.",
      nameFr: "Name in French (help center)",
    },
    sla: {
      title: "SLA policies",
      intro: "Targets in business minutes (a 9–17 day has 480).",
      policyOf: (priority: string) => `${priority} priority SLA`,
      saveOne: (priority: string) => `Save ${priority}`,
      savedOne: (priority: string) => `${priority} saved; open tickets follow within minutes.`,
      firstResponse: "First response (min)",
      resolution: "Resolution (min)",
      warnAt: "Warn at %",
      pausePending: "Pause while pending",
      pauseVendor: "Pause while at a vendor",
      hours: "Business hours",
      saveHours: "Save business hours",
      hoursSaved: "Business hours saved.",
      timezone: "Time zone",
      alwaysOpen: "Always open",
      days: {
        mon: "Monday",
        tue: "Tuesday",
        wed: "Wednesday",
        thu: "Thursday",
        fri: "Friday",
        sat: "Saturday",
        sun: "Sunday",
      } as Record<string, string>,
      rangesHint: "(e.g. 09:00-12:00, 13:00-17:00)",
      holidays: "Holidays (YYYY-MM-DD, comma-separated)",
    },
    triage: {
      minExamples: "Labelled tickets the classifier needs before it decides",
      minConfidence: "Confidence below which an agent decides (0 to 1)",
      retrainMinutes: "Retrain at most every (minutes)",
      fallbackTeam: "Team for tickets no rule or model could place",
      unrouted: "Nobody (left unrouted)",
      vips: "VIP requesters (one address or @domain per line; their tickets are at least high priority)",
      model: "Classifier",
      modelActive: (examples: number) => `Deciding, learned from ${examples} labelled tickets.`,
      modelLearning: (examples: number, needed: number) =>
        `Learning: ${examples} of ${needed} labelled tickets so far; rules and agents decide meanwhile.`,
      train: "Train now",
      trained: "Trained.",
    },
    satisfaction: {
      enabled: "Ask customers how we did after a ticket is solved",
      delay: "Ask this many minutes after the ticket is solved (0: right away)",
    },
    housekeeping: {
      pendingReminderDays: "Remind a customer who has not answered a pending ticket after (days)",
      pendingSolveDays: "Then solve it after (days)",
      solvedCloseDays: "Close a solved ticket after (days)",
      unansweredReminderHours: "Remind the assignee of an unanswered customer message after (business hours)",
      unassignedAlertMinutes: "Alert the team about an open ticket nobody holds after (business minutes)",
    },
    vendors: {
      answersWithin: (minutes: number) => `answers within ${minutes} business minutes`,
      create: "New vendor",
      name: "Vendor name",
      email: "Support address",
      minutes: "Contract: answer within (business minutes)",
      createButton: "Add vendor",
      created: "Vendor added.",
    },
    canned: {
      placeholders: "Placeholders:",
      remove: (title: string) => `Delete ${title}`,
      create: "New canned reply",
      title: "Title",
      body: "Text",
      createButton: "Add canned reply",
      created: "Canned reply added.",
    },
    tokens: {
      scopes: {
        read: "read (GET only)",
        write: "write (an agent's work)",
        admin: "admin (also the admin APIs; admins only)",
      } as Record<string, string>,
      actsAs: (agent: string) => `acts as ${agent}`,
      expires: (day: string) => `expires ${day}`,
      noExpiry: "no expiry",
      revoke: (name: string) => `Revoke ${name}`,
      create: "New API token",
      name: "Token name",
      agent: "Acts as",
      scope: "Scope",
      expiresOn: "Expires on (optional)",
      createButton: "Issue token",
      shownOnce: (token: string) => `Token (shown once): ${token}`,
    },
    reportAccess: {
      label: "Who sees reports",
      choices: {
        none: "Nobody but admins",
        own: "Agents see their own figures",
        teams: "Agents see their own and their teams' figures",
        all: "Agents see everything admins see",
      } as Record<string, string>,
    },
    deadLetters: {
      intro:
        "Events a worker could not handle after every retry (spread over about 85 minutes on AWS, 20 locally). Fix the cause (an outage, a bad setting), then send them back: each is handled once, however often it is redriven.",
      queue: "Worker",
      waiting: "Events waiting",
      oldest: "Oldest",
      days: (n: number) => `${n} days`,
      nothing: "Nothing to redrive.",
      sent: (queue: string, n: number | null) => `${queue}: ${n} event(s) sent back.`,
      redrive: (n: number) => (n > 0 ? `Redrive ${n} event(s)` : "Redrive"),
      refresh: "Refresh",
    },
    kbNoCategory: "General (no category)",
    /** Confirmations, choices and error texts shared by the admin screens. */
    more: {
      cancel: "Cancel",
      thisField: "A field",
      errors: {
        already_exists: "this name is already taken; choose another.",
        reserved_id: "this name is reserved; choose another.",
        not_found: "It no longer exists; reload the page.",
        forbidden: "Admins only.",
        rate_limited: "Too many requests; wait a moment and try again.",
        precondition_failed: "Someone changed it meanwhile; reload the page and try again.",
      } as Record<string, string>,
      chooseAgent: "Choose…",
      revokeQuestion: (name: string) => `Revoke ${name}? Integrations using it stop working.`,
      revokeYes: "Yes, revoke",
      deleteQuestion: (title: string) => `Delete ${title}?`,
      deleteYes: "Yes, delete",
      currentTeamMissing: "The current team (no longer listed)",
      kbCurrentCategory: "Its current category (no longer listed)",
      kbLoadingCategories: "Loading the categories…",
      noTier: "No tier",
      edit: (name: string) => `Edit ${name}`,
      savedItem: (name: string) => `${name} saved.`,
      saveItem: (name: string) => `Save ${name}`,
      notices: "Language of their notices",
      mailNotices: "Mail notices",
      tableOf: (title: string) => `${title} (table)`,
    },
  },
  /** Ticket page: merge, split, links, tags, vendor hand-off, customer link. */
  ticketActions: {
    actions: "Ticket actions",
    mergeInto: "Merge into…",
    mergeNumber: "Number of the ticket to keep",
    next: "Next",
    cancel: "Cancel",
    confirmMerge: (from: number, into: number, subject: string) =>
      `Merge #${from} into #${into} "${subject}"? #${from} will be closed, its messages shown in #${into}, and its requester told once.`,
    confirm: "Merge",
    merged: "Merged.",
    mergedInto: "Merged into",
    mergedFrom: "Merged from",
    fromTicket: "From",
    split: "Split into a new ticket",
    splitDone: "Split into ticket",
    splitInto: "Split into",
    links: "Related tickets",
    noLinks: "None yet.",
    linkNumber: "Ticket number to link",
    addLink: "Link",
    linked: "Linked.",
    unlink: (n: number) => `Remove the link to #${n}`,
    unlinked: "Link removed.",
    tags: "Tags",
    noTags: "No tags.",
    newTag: "New tag",
    addTag: "Add tag",
    removeTag: (tag: string) => `Remove tag ${tag}`,
    vendor: "Vendor hand-off",
    vendorPick: "Vendor",
    vendorMessage: "What the vendor should do",
    vendorSend: "Hand off",
    vendorDone: "Handed off to the vendor.",
    vendorNone: "No vendors yet: an admin adds them.",
    vendorHolding: (name: string) => `With ${name}`,
    copyLink: "Copy the customer link",
    copied: "Copied: the customer can follow the ticket with this link.",
    copyByHand: "Copy this link:",
    notANumber: "Type a ticket number.",
    fields: {
      mergedInto: "Merged into",
      mergedFrom: "Merged from",
      links: "Related tickets",
      splitInto: "Split into",
      splitFrom: "Split from",
      cc: "Copied",
      vendorId: "Vendor",
      mergedSenders: "Senders of merged tickets (agents only)",
    } as Record<string, string>,
  },
  /** Never losing work: attachments, drafts, undo, logging a phone or walk-in ticket. */
  work: {
    attachFiles: "Attach files",
    attachDropHint: "or drop them here —",
    attachLimits: "up to 10 files, 4 MB in all",
    dropHere: "Drop the files to attach them",
    chosenFiles: "Files to send",
    removeFile: (name: string) => `Remove ${name}`,
    tooManyFiles: "At most 10 files per message.",
    filesTooLarge: "The files are too large: at most 4 MB in all.",
    draftRestored: "Draft restored.",
    /** Said while a reply or note is on its way (the database can take long to answer). */
    sendingReply: "Sending…",
    savingNote: "Saving the note…",
    willSolve: (number: number) => `Ticket #${number} will be marked solved.`,
    undo: "Undo",
    undone: "Not solved: nothing was changed.",
    newTicketIntro:
      "A request that came by phone or at the desk: it is filed for the customer, who gets the usual link.",
    name: "Customer's name",
    email: "Customer's email",
    subject: "Subject",
    message: "What they asked",
    channel: "How it came in",
    channels: { phone: "Phone", walk_in: "Walk-in", email: "Email" } as Record<string, string>,
    language: "Customer's language",
    languages: { en: "English", fr: "French" } as Record<string, string>,
    shortcuts: [["z", "Undo a solve by keyboard (within 5 s)"]] as [string, string][],
  },
  /** Looks, names and live updates (issue 16). */
  look: {
    viewing: (name: string) => `${name} is viewing this ticket`,
    replying: (name: string) => `${name} is writing a reply`,
    filters: "Filters",
    formerAgent: "a former agent",
    changesGroup: (n: number) => (n === 1 ? "1 change" : `${n} changes`),
    chartLabel: "Chart of the figures below, over the range",
    /** The legend's entry for the chart's x axis (uPlot says "Time"). */
    chartX: { day: "Day", period: "Period" },
    wholeDesk: "Whole desk",
    wholeRange: "Whole range",
    now: "Now",
    reportNames: {
      volume: "Volume",
      "response-times": "Response times",
      escalations: "Escalations",
      sla: "SLA compliance",
      satisfaction: "Satisfaction",
      comments: "Satisfaction comments",
      workload: "Workload per agent",
      backlog: "Backlog",
      deflection: "Self-service (help center)",
      cost: "AWS cost",
    } as Record<string, string>,
    groups: {
      all: "Whole desk",
      team: "Team",
      category: "Category",
      agent: "Agent",
      priority: "Priority",
      channel: "Channel",
      tier: "Tier",
    } as Record<string, string>,
    channels: { web: "Web form", email: "Email", phone: "Phone", walk_in: "Walk-in", api: "API" } as Record<
      string,
      string
    >,
    ages: {
      "age:0-1d": "Under a day old",
      "age:1-3d": "1 to 3 days old",
      "age:3-7d": "3 to 7 days old",
      "age:7-30d": "7 to 30 days old",
      "age:30d+": "Over 30 days old",
    } as Record<string, string>,
    /** Report column titles (the unit is added where the figure has one). */
    columns: {
      date: "Period",
      key: "Group",
      created: "Created",
      solved: "Solved",
      reopened: "Reopened",
      merged: "Merged away",
      escalated: "Escalated",
      oneTouchRate: "One-touch resolution",
      reopenRate: "Reopened after solving",
      toL2: "To L2",
      toL3: "To L3",
      toL4: "To L4 (vendor)",
      firstResponses: "First responses",
      firstResponseMedian: "Median first response",
      firstResponseP90: "First response, 90th percentile",
      resolutionMedian: "Median resolution",
      resolutionP90: "Resolution, 90th percentile",
      firstResponseMet: "First responses on time",
      firstResponseMissed: "First responses late",
      firstResponseCompliance: "First responses on time",
      resolutionMet: "Resolutions on time",
      resolutionMissed: "Resolutions late",
      resolutionCompliance: "Resolutions on time",
      breaches: "Breaches",
      vendorBreaches: "Vendor breaches",
      atRiskNow: "At risk now",
      breachedNow: "Breached now",
      pausedNow: "Paused now",
      surveys: "Surveys sent",
      good: "Good",
      bad: "Bad",
      score: "Satisfaction",
      responseRate: "Survey answers",
      rating: "Rating",
      comment: "Comment",
      agent: "Agent",
      team: "Team",
      category: "Category",
      ticketId: "Ticket",
      email: "Email",
      number: "Number",
      openNow: "Open now",
      replies: "Replies",
      openTotal: "All open",
      unassigned: "Unassigned",
      atRisk: "At risk",
      breached: "Breached",
      paused: "Paused",
      netChange: "Net change",
      deflections: "Answered by an article",
      helpful: "Helpful",
      notHelpful: "Not helpful",
      ticketsCreated: "Tickets created",
      deflectionRate: "Deflection rate",
      locale: "Language",
      tickets: "Tickets",
      ticketsStored: "Tickets stored",
      tableGb: "Table size (GB)",
      bucketGb: "Stored files (GB)",
      dynamodb: "DynamoDB",
      ses: "SES",
      lambda: "Lambda",
      sqsIdle: "SQS (idle polling)",
      sns: "SNS",
      storage: "Storage",
      totalUsd: "Total",
    } as Record<string, string>,
  },
  /** Merging tickets of different requesters (core/ticket/merge-people.ts). */
  mergePeople: {
    otherRequester: (from: number, email: string, into: number) =>
      `#${from} is from ${email}: they will not see #${into}'s conversation and are not copied on its replies; their mail lands on #${into} for agents only.`,
    mergedSender: (n: number) =>
      `From someone of merged ticket #${n}: the requester does not see this message.`,
  },
  /** Fixes to never losing work: a delayed solve that did not go through. */
  workfix: {
    notSolved: (number: number) =>
      `Ticket #${number} was not solved: it changed while the solve was waiting. Look again, then retry.`,
    dismiss: "Dismiss",
  },
  /** Timeline events the server writes (their `what` code, see event-text.ts), with the params as words. */
  events: {
    authors: { desk: "Help desk", triage: "Triage", sla: "SLA", safetyNet: "Safety net" },
    channels: { web: "web form", email: "email", phone: "phone", walk_in: "walk-in", api: "API" } as Record<
      string,
      string
    >,
    ratings: { good: "good", bad: "not good" } as Record<string, string>,
    skipReasons: {
      spam: "spam",
      undeliverable: "not a deliverable address",
      automatic: (detail: string) => `automatic mail (${detail})`,
      no_reply: "no-reply address",
      suppressed: "the address bounced or complained",
      loop_guard: "too much automatic mail to this address lately (loop guard)",
    },
    waitReason: (why: string, team: string) =>
      ({
        auto_assign_off: `auto-assign is off for ${team}`,
        nobody_available: `nobody in ${team} is available`,
        at_capacity: `everyone in ${team} is at capacity`,
        busy: "the team's agents were being assigned other tickets; try again by hand",
      })[why] ?? "",
    targets: {
      firstResponse: "first response",
      resolution: "resolution",
      vendor: "vendor response",
    } as Record<string, string>,
    states: { away: "is away", inactive: "has been deactivated" } as Record<string, string>,
    blocks: { bounce: "bounce", complaint: "spam report" } as Record<string, string>,
    toldWho: (are: string, team: string) =>
      are === "admins"
        ? team
          ? `the admins (nobody in team ${team} is available)`
          : "the admins (the ticket has no team)"
        : are === "assignee"
          ? "the assignee"
          : team
            ? `team ${team}`
            : "the team",
    partSeparator: "; ",
    resent: (at: string) =>
      ` An earlier attempt (claimed ${at || "earlier"}) was never confirmed, so this was sent again: the recipient may have it twice.`,
    headings: {
      triage: (parts: string) => `Triage — ${parts}.`,
      sla: (parts: string) => `SLA — ${parts}.`,
      safety_net: (parts: string) => `Safety net — ${parts}.`,
    },
    say: {
      opened_on_behalf: (w: EventWords) => `Opened on behalf of ${w.name} (${w.channel})`,
      assigned: (w: EventWords) => `Assigned to ${w.agent}.`,
      reassigned: (w: EventWords) => `Reassigned from ${w.previous} to ${w.agent}.`,
      unassigned: (w: EventWords) => `Unassigned: ${w.previous} no longer holds the ticket.`,
      customer_closed: (w: EventWords) =>
        w.article
          ? `The customer closed the request: the article “${w.article}” solved it.`
          : "The customer closed the request.",
      satisfaction: (w: EventWords) =>
        w.comment ? `Satisfaction: ${w.rating} — “${w.comment}”` : `Satisfaction: ${w.rating}`,
      held_accepted: (w: EventWords) => `Accepted the message from ${w.sender}`,
      held_split: (w: EventWords) => `Split the message from ${w.sender} into ticket ${w.number}`,
      linked: (w: EventWords) => `Linked to ticket ${w.number}`,
      unlinked: (w: EventWords) => `Unlinked ticket ${w.number}`,
      split_into: (w: EventWords) =>
        `Split a message from ${w.sender} into ticket ${w.number}${w.linkLimit ? `. Not linked: a ticket links at most ${w.linkLimit} others.` : ""}`,
      split_held: (w: EventWords) =>
        `Ticket ${w.number} was split from the message from ${w.sender}.${w.linkLimit ? ` Not linked: a ticket links at most ${w.linkLimit} others.` : ""}`,
      split_from: (w: EventWords) =>
        `Split from a message on ticket ${w.number}${w.linkLimit ? `. Not linked: a ticket links at most ${w.linkLimit} others.` : ""}`,
      merged_into: (w: EventWords) => `Merged into ticket ${w.number}`,
      merged_from: (w: EventWords) => `Merged from ticket ${w.number} (${w.subject})`,
      merged_other_requester: (w: EventWords) =>
        `Ticket ${w.number} is from ${w.sender}, not ${w.to}: they are not copied on this ticket and do not see it; their mail lands here for agents only.`,
      merged_not_copied: (w: EventWords) =>
        `Not copied (a ticket copies at most ${w.limit} addresses): ${w.addresses}. Their mail still lands here.`,
      delivery_block_lifted: (w: EventWords) =>
        `${w.agent} lifted the delivery block on ${w.to} (${w.block} since ${w.since}${w.detail ? `: ${w.detail}` : ""}).`,
      ack_sent: (w: EventWords) =>
        w.neutral
          ? `Acknowledgement sent to ${w.to} (neutral text: the address is not confirmed, so nothing the requester typed is repeated).`
          : `Acknowledgement sent to ${w.to}.`,
      ack_skipped: (w: EventWords) => `Acknowledgement not sent: ${w.reason}.`,
      notified_customer_message: (w: EventWords) => `Notified ${w.agent} of the customer's message.`,
      notified_assignee: (w: EventWords) => `Told ${w.agent} the ticket is theirs.`,
      notified_mention: (w: EventWords) => `Told ${w.agent} that ${w.by} mentioned them in a note.`,
      notified_agent: (w: EventWords) => `Sent ${w.agent} a notice by mail.`,
      customer_reminded: () => "Reminded the customer that the ticket waits on their answer.",
      csat_asked: () => "Asked the customer how it went.",
      merge_notice_sent: (w: EventWords) => `Told ${w.to} that ticket ${w.number} was merged into this one.`,
      vendor_handoff_sent: (w: EventWords) => `Mailed the hand-off to ${w.to}.`,
      triage_kept: (w: EventWords) => `${w.field}: kept as an agent set it`,
      triage_category_rule: (w: EventWords) =>
        `category ${w.category}: rule matched ${w.keywords} (the model takes over after ${w.minExamples} agent-labelled tickets (${w.examples} so far))`,
      triage_category_none: (w: EventWords) =>
        `category: no rule matched; left for an agent (the model takes over after ${w.minExamples} agent-labelled tickets (${w.examples} so far))`,
      triage_category_model: (w: EventWords) =>
        `category ${w.category}: model, confidence ${w.confidence} (learned from ${w.examples} tickets)`,
      triage_category_unsure: (w: EventWords) =>
        `category: model unsure (${w.category} at ${w.confidence}, below ${w.minConfidence}; ${w.keywords ? `rule matched ${w.keywords}` : "no rule matched"}); left for an agent`,
      triage_team_default: (w: EventWords) => `team ${w.team}: the default team of ${w.category}`,
      triage_team_uncategorized: (w: EventWords) => `team ${w.team}: where uncategorized tickets go`,
      triage_team_rerouted: (w: EventWords) =>
        `team ${w.team} has no active member: routed to the fallback team ${w.fallbackTeam}`,
      triage_team_unstaffed: (w: EventWords) =>
        `team ${w.team} has no active member${w.fallbackTeam ? ` (nor has the fallback team ${w.fallbackTeam})` : ""}: admins see it in their unassigned view and the safety net alerts them`,
      triage_priority: (w: EventWords) =>
        `priority ${w.priority}: ${[w.signals, w.vip && `VIP requester (${w.vip})`].filter(Boolean).join(", ") || "no urgency signal"}${w.reopened ? " in the customer's new message" : ""}`,
      triage_tier: (w: EventWords) => `tier ${w.tier}: new tickets start at the front line`,
      triage_assigned: (w: EventWords) =>
        `assignee ${w.agent}: least open work in ${w.team} (${w.open} of ${w.capacity})`,
      triage_waits: (w: EventWords) => `assignee: none, ${w.why}; the ticket waits in the team queue`,
      triage_reopened: () => "reopened by the customer",
      triage_assignee_gone: () => "the previous assignee is no longer active",
      sla_warned: (w: EventWords) => `${w.target} target due ${w.dueAt} (in ${w.left}): warned ${w.told}`,
      sla_breached: (w: EventWords) =>
        `${w.target} target breached: due ${w.dueAt}, ${w.late} late; ${[
          w.told && `told ${w.told}`,
          w.escalatedTo && `escalated to ${w.escalatedTo}`,
          w.movedTo && `moved to team ${w.movedTo}`,
          w.adminsTold && "told the admins",
          w.topTier && `already at ${w.topTier}, not escalated further`,
        ]
          .filter(Boolean)
          .join(", ")}`,
      sla_pending_reminded: () => "waiting on the customer: reminded them",
      sla_pending_solved: () => "no answer from the customer after the reminder: solved",
      sla_auto_closed: (w: EventWords) => `solved for ${w.days} days: closed`,
      sla_csat_asked: () => "asked the customer how it went (satisfaction survey)",
      sla_waiting_reminded: (w: EventWords) =>
        `the customer has waited since ${w.since} for an answer: reminded ${w.told}`,
      sla_offered: (w: EventWords) => `offered to ${w.agent}: least open work in ${w.team}`,
      sla_nobody_available: (w: EventWords) => `nobody available in ${w.team}; waits in the team queue`,
      safety_unassigned: (w: EventWords) =>
        `nobody has taken this ticket since ${w.since} (${w.waited}): told ${w.told}`,
      safety_assignee_gone: (w: EventWords) => `the assignee ${w.agent} ${w.state}: told ${w.told}`,
    },
  },
  /** A redrive stopped at its limit (500 events or 8 s per click) with more waiting. */
  deadLetterRedrive: {
    remaining: "More are waiting: press Redrive again.",
  },
  /** Found walking a fresh desk in French on a phone (tests/e2e/journey-fr.test.ts). */
  journey: {
    queueFailed: "This list could not be loaded.",
    retry: "Try again",
    noTeamView: "Pick one of your teams in the list of queues.",
    signInLimited: "Too many failed sign-ins: wait a few minutes, then try again.",
    signInUnreachable: "The desk does not answer: check your connection, then try again.",
    kbEmpty:
      "No articles here yet. Write one with New article: published, it answers customers in the help center and on the web form.",
    nothingOpen:
      "No open tickets. Requests arrive from the web form and by mail; a call is logged with New ticket. The web form:",
    webForm: "open it",
    workers: {
      Mail: "Outgoing mail",
      Acknowledge: "Acknowledgements",
      Triage: "Triage",
      Search: "Search index",
      Reports: "Report counters",
      InboundMail: "Incoming mail",
      MailFeedback: "Bounces and complaints",
    } as Record<string, string>,
    noVendors:
      "No vendors yet. Add one to hand tickets to an outside supplier (tier L4) from the ticket page.",
    noCanned: "No canned replies yet. Add the answers you type most; agents insert them from the reply box.",
    noTokens: "No API tokens: nothing outside the app can use the desk's API.",
    reportsOwnFigures:
      "On this desk, agents see their own figures (group by Agent), or also their teams' (group by Team) if an admin allows it.",
    reportsAdminsOnly:
      "On this desk, reports are for admins (an admin can open them to agents in Admin → Report access).",
  },
  languageSwitch: {
    notSaved: "The language could not be saved for your mail notices; nothing changed. Try again.",
  },
  /** Found walking a day of agents' work in English on a laptop (tests/e2e/agent-day.test.ts). */
  day: {
    notSent: "Not sent: your draft is kept.",
    changedMeanwhile:
      "The ticket changed since you opened it: show the latest (at the top), read it, then try again.",
    unreachable: "The desk could not be reached: check your connection, then try again.",
    serverTrouble: "The desk could not do this just now. Try again in a moment.",
    notHandedOff: "Not handed off: your message is kept.",
    tagsNotSaved: "Tags not saved.",
  },
  replyDelivery: {
    sending: "Sending to the customer…",
    failed: (error: string) =>
      `Not sent to the customer yet (${error}). The desk tries again by itself; if it keeps failing, admins see it in Admin → Dead letters and can send it again.`,
    undeliverable:
      "Not sent: the customer's address cannot receive mail. Correct the address, or reach them another way.",
    /** A reply whose attached file(s) left the desk's storage before it was mailed: never mailed without them. */
    fileMissing: (file: string) =>
      `Not sent: the attached file ${file} is no longer stored (removed by retention, or never saved), and the desk does not mail a reply without its file. Send the reply again, with the file attached again or without it.`,
    filesMissing: (files: string) =>
      `Not sent: the attached files ${files} are no longer stored (removed by retention, or never saved), and the desk does not mail a reply without its files. Send the reply again, with the files attached again or without them.`,
    /** A file's name as the two sentences above quote it (several are joined with ", "). */
    fileName: (name: string) => `“${name}”`,
  },
  copied: {
    title: "Copied",
    nobody: "Nobody else gets this ticket's mail.",
    address: "Email address to copy",
    add: "Copy",
    remove: (address: string) => `Stop copying ${address}`,
    notSaved: "Copies not saved.",
    notCopied: (addresses: string) =>
      `Not copied: ${addresses}. Only the requester's own mail, when its sender can be verified and the desk was not blind-copied, copies others (at most 20); add them under Copied if they should get the answers.`,
  },
  /** The satisfaction survey's answers where the timeline shows a changed rating. */
  satisfactionRatings: { good: "Good", bad: "Not good" } as Record<string, string>,
  /** Found walking a fresh desk: admin screens' field errors in the admin's language. */
  fieldErrors: {
    /** One refused field: its label, then what is wrong. */
    line: (label: string, message: string) => `${label}: ${message}`,
    /**
     * The server's words for a field (English, keyed by them), said as the screen's labels say things; a message
     * not listed shows as the server wrote it.
     */
    messages: {
      "Unknown time zone": "unknown; pick one from the list (e.g. Europe/Paris).",
      "Use HH:MM between 00:00 and 23:59":
        "write each range as HH:MM-HH:MM, from 00:00 to 24:00 (e.g. 09:00-12:00, 13:00-17:00).",
      "Use HH:MM between 00:00 and 24:00":
        "write each range as HH:MM-HH:MM, from 00:00 to 24:00 (e.g. 09:00-12:00, 13:00-17:00).",
      "A range cannot start and end at the same time": "a range cannot start and end at the same time.",
      "Use a valid YYYY-MM-DD date": "write each date as YYYY-MM-DD (e.g. 2026-12-25).",
      "No such day in the calendar: give a real date as YYYY-MM-DD":
        "no such day in the calendar; pick a real date.",
      "Give at least one opening range, or alwaysOpen":
        "give at least one opening range, or tick Always open.",
      "At most 6 ranges a day": "at most 6 ranges a day.",
      "Enter a valid email address": "enter a valid email address (name@example.com).",
      "Our mail service (Amazon SES) cannot deliver to an address with accents or non-Latin letters before the @: give another address":
        "our mail service (Amazon SES) cannot deliver to an address with accents or non-Latin letters before the @; give another address.",
    } as Record<string, string>,
    /** A kind of refusal (the API's `fieldIssues`) where the server's words are not listed above. */
    issues: {
      required: "required.",
      atLeast: (limit: number, kind?: string) =>
        kind === "string"
          ? `at least ${limit.toLocaleString("en")} characters.`
          : kind === "items"
            ? `at least ${limit.toLocaleString("en")} items.`
            : `at least ${limit.toLocaleString("en")}.`,
      atMost: (limit: number, kind?: string) =>
        kind === "string"
          ? `at most ${limit.toLocaleString("en")} characters.`
          : kind === "items"
            ? `at most ${limit.toLocaleString("en")} items.`
            : `at most ${limit.toLocaleString("en")}.`,
      moreThan: (limit: number) => `more than ${limit.toLocaleString("en")}.`,
      lessThan: (limit: number) => `less than ${limit.toLocaleString("en")}.`,
      wholeNumber: "a whole number.",
      email: "enter a valid email address (name@example.com).",
      type: "missing, or not the kind of value expected.",
      choice: "not one of the choices offered.",
    },
  },
  unrouted: {
    /** The Teams screen's warning when the fallback team has people (found on a fresh desk: it said admins only). */
    toFallback: (names: string, fallback: string) =>
      `⚠ No active member in ${names}: triage sends their new tickets to the fallback team ${fallback} (set in Triage and VIPs); a ticket moved there by hand reaches only the admins. Add people to these teams in Agents.`,
  },
  newAgent: {
    /** After an agent is created: nothing is mailed (an admin expected an invitation to go out). */
    tellThem: (app: string, email: string) =>
      `No mail is sent to them: give them the agent app's address (${app}), their email ${email} and this first password.`,
  },
  /** The server's fixed details of unfiled mail (English, keyed by them); a detail not listed shows as is. */
  unfiledDetails: {
    "No valid address in Reply-To, From or Sender": "No valid address in Reply-To, From or Sender",
    "virus verdict": "virus verdict",
    "sent from the desk's own address": "sent from the desk's own address",
    "a delivery report for no message of the desk": "a delivery report for no message of the desk",
    "a read receipt for no message of the desk": "a read receipt for no message of the desk",
    "a spam report for no message of the desk": "a spam report (ARF) for no message of the desk",
    "automatic mail to a closed ticket": "automatic mail to a closed ticket",
  } as Record<string, string>,
  /** Inserting a help-center article's link from the composer (components/ArticleInsert.tsx). */
  kbInsert: {
    open: "Insert article",
    panel: "Help-center articles",
    search: "Search published articles",
    hint: "Type a few words; choose an article to insert its link at the cursor.",
    searching: "Searching…",
    none: "No published article matches.",
    found: (n: number) => (n === 1 ? "1 article found." : `${n} articles found.`),
    results: "Articles found",
    close: "Close",
    languages: { en: "English", fr: "French" } as Record<string, string>,
    inserted: (title: string, language: string) => `Inserted the link to “${title}” (${language}).`,
    fallback: (title: string, language: string, wanted: string) =>
      `No ${wanted} version is published: inserted the link to “${title}” in ${language}.`,
    unpublished: "This article is no longer published: nothing was inserted.",
    /** The line put in the reply, in the ticket's language (not the agent's): the title, then its address. */
    linkLine: (title: string, url: string) => `${title}: ${url}`,
  },
  /** A reply still "sending" long after its sender's lease: the desk lost track of whether it went (reply-delivery.ts). */
  sendUnconfirmed: {
    note: "Delivery not confirmed: the desk could not record whether this reply reached the customer. It may well have: check with the customer before sending it again. This line updates once the desk knows.",
    /** Admin → Dead letters: the row of stored events no code could read (core/events/unreadable-outbox.ts). */
    outboxWorker: "Unreadable events (outbox)",
    /** Admin → Dead letters: why the newest dead letter of a row failed (as recorded, in English). */
    reason: "Newest reason",
  },
  /** A mail cut short in transit, then delivered whole (core/mail/complete-copy.ts). */
  completeCopy: {
    superseded: "This copy was cut short in transit; the complete message came later and follows.",
    showCut: "Show the cut copy",
    completes: "The complete copy of the message above, which had been cut short in transit.",
  },
  /** Admin home → Desk: the desk's name, which signs every mail and is its From name (core/desk/name.ts). */
  deskName: {
    title: "Desk",
    intro: "The desk's name signs every mail it sends and is the name customers see it come from.",
    name: "Desk name",
    nameFr: "Name in French (if different)",
    hint: "Left empty, mail uses the name set at deployment (DESK_NAME). At most 80 characters, on one line.",
    signsNow: (en: string, fr: string) => `Mail is signed “${en}” in English and “${fr}” in French.`,
    save: "Save the name",
    saved: "Name saved: mail sent from now on uses it.",
    invalid:
      "The name must fit on one line (at most 80 characters, no control or text-direction characters), and the French name needs a name.",
    stale: "Another admin changed the name meanwhile: reload the page to see it.",
    failed: "The name could not be saved. Try again.",
    aliases: "The desk's other addresses (one per line)",
    aliasesHint: (from: string) =>
      `Addresses that also reach the desk besides ${from} (billing@, sales@, an old support address forwarding to it): mail sent to them is filed as usual; mail sent from them is the desk's own and set aside (never filed), and they are never copied, never a requester, never answered. At most 20.`,
  },
  /** The agent's own reply signature (core/agent/signature.ts): the /app/me page, the composer, the timeline. */
  signature: {
    link: "My signature",
    title: "My signature",
    intro:
      "Added under each public reply you send, after a line \u201c-- \u201d, so customers know who answered. Never under internal notes. Plain text, at most 6 lines and 500 characters; leave it empty for none.",
    field: "Signature text",
    save: "Save signature",
    saved: "Signature saved. Your next replies carry it; replies already sent keep theirs.",
    removed: "Signature removed. Your next replies carry none.",
    preview: "Added under your reply:",
    edit: "Edit my signature",
    count: (chars: number, max: number) => `${chars} / ${max} characters`,
    errors: {
      signature_forbidden_characters:
        "Only plain text: no tabs, control characters or text-direction overrides.",
      signature_too_long: "At most 500 characters.",
      signature_too_many_lines: "At most 6 lines.",
      signature_delimiter: "Leave out the \u201c--\u201d line: the desk adds it.",
    } as Record<string, string>,
  },
  /** What the desk stores for a ticket or message without words of its own (web/app/src/placeholders.ts). */
  placeholders: {
    noSubject: "(no subject)",
    attachmentsOnly: "(attachments only)",
    noText: "(no text)",
  },
};

export type Strings = typeof en;
export const strings: Record<Lang, Strings> = { en, fr };
export const t: Strings = strings[lang];
