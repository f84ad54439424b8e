"""The worker's topology for a lab, in the format TopologyLoader reads."""

TEMPLATE = """\
temporal: {{target: "{temporal_target}", namespace: default, taskQueue: standby, uiUrl: "{temporal_ui}"}}
sites:
  site-a: {{provider: lab, region: local-a}}
  site-b: {{provider: lab, region: local-b}}
services:
  payments:
    primarySite: site-a
    objectives: {{rto: 30s, rpo: 5s}}
    health: {{path: /health, timeout: 1s, latencyBudget: 500ms}}
    monitor: {{interval: 1s, failureThreshold: 3}}
    verify: {{path: /health, requests: 20, siteHeader: X-Standby-Site, timeout: 30s}}
    traffic: {{provider: haproxy, admin: "{haproxy_admin}", group: {backend}, frontDoor: "{front_door}"}}
    sites:
      site-a:
        app: "{app_a}"
        database: {{provider: postgresql, url: "{jdbc_a}", user: {user}}}
      site-b:
        app: "{app_b}"
        database: {{provider: postgresql, url: "{jdbc_b}", user: {user}}}
"""


def render(info: dict, temporal_target: str, temporal_ui: str) -> str:
    return TEMPLATE.format(
        temporal_target=temporal_target, temporal_ui=temporal_ui,
        haproxy_admin=info["haproxyAdmin"], backend=info["haproxyBackend"], front_door=info["frontDoorUrl"],
        app_a=info["appUrls"]["site-a"], app_b=info["appUrls"]["site-b"],
        jdbc_a=info["jdbcUrls"]["site-a"], jdbc_b=info["jdbcUrls"]["site-b"], user=info["dbUser"])
