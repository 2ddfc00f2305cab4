<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Xinference Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Xinference Manager&lt;/b&gt;&lt;br&gt;Run local AI models with Xinference and plug them into Dify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions and paths for a bug report; no password, token or API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppTray</name>
    <message>
        <source>Server: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Xinference Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: running at %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xinference server crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Server page to see why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy UID: %s (%s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UID %s copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UID copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogDetail</name>
    <message>
        <source>Launch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a model to see its variants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;no description&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abilities: {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages: {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length: {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server recommendation unavailable: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server has no recommender (Xinference before 4.0).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogFilterBar</name>
    <message>
        <source>Search name, description or model id…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>builtin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (B params)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>builtin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <source>Tokens the memory estimate budgets for (KV cache and workspace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating the catalog from {url}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>showing the cached catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing cached yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last updated {when} (Xinference {v})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} of {total} models · {s} variants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Local managed server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key (if login is on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DifyPage</name>
    <message>
        <source>the UID shown on the Running page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only for a server with login (xf-...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detected: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where does Dify run?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine&apos;s address for Dify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test as Dify would</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart server on 0.0.0.0…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Dify connection test&lt;/b&gt;: runs the validation of Dify&apos;s Xinference provider, from where Dify runs, and explains each failure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot test: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Dify will accept this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ Dify will refuse this. Dify would show: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server URL for Dify from there: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the report (without the API key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the settings for Dify&apos;s form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Login is off: anyone on the network will be able to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart the server on 0.0.0.0 from the Server page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DifyStepsModel</name>
    <message>
        <source>Cause: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnginePanel</name>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for Xinference…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point at an xinference-local program or the venv that holds it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pip requirement(s), e.g. xinference[all] or xinference==4.1.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra pip arguments (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install Xinference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xinference is not installed. Install it below, or choose an existing xinference-local.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose xinference-local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra pip arguments: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; the previous engine (if any) is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HardwarePanel</name>
    <message>
        <source>Hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{free} free of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (#{i}): {free} free of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown (server not reachable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
not installed: {names}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LaunchDialog</name>
    <message>
        <source>Launch {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 0,1 (overrides the GPU count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: the server picks one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Option</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add option</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (billions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU indices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as xinference command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as xinference-manager command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (unavailable: {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No engine on this server can run this model; see each engine&apos;s reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list engines: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defaults come from the server&apos;s recommendation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU indices must be numbers separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submitting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launching as {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1} {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is ready ({1:.1f} s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server said: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Search the log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read from the server log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create API key for Dify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or connect to a server first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create admin and log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key created and copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Xinference Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep running in the tray when the window closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Xinference Manager when I log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Xinference Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desktop shows no tray icons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the login item: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xinference Manager is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It keeps the server running in the tray. Quit from the tray&apos;s menu, or turn this off in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Launch a registered model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unregister</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unregistered {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register a local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. my-qwen (letters, digits, . _ -)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder with config.json and weights, or a .gguf file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The builtin LLM family it is based on: its chat template is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep after the server restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Launch dialog afterwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunningModelsModel</name>
    <message>
        <source>Use this UID in Dify. Replicas (internal, do not use): {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still loading: the model answers once its status is READY.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunningPage</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register local model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test in Dify panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminate...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it: a chat message, a text to embed, or a rerank query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UID for clients and Dify: {0}   |   internal replica names (do not use in Dify): {1}   |   context length: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied UID {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied Dify settings for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminate model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop {0}? Clients using this UID (Dify included) will get errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminated {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for {0}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}

({1:.0f} ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected answer: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>127.0.0.1: this machine only. 0.0.0.0: reachable from Docker and the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: ~/.xinference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require login (Xinference&apos;s default since 3.0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME=value, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the server when the app quits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart automatically after a crash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to it instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XINFERENCE_HOME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login is off: on 0.0.0.0 anyone who can reach this machine can use the server. Consider turning login on and giving Dify an API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on %s so that Dify in Docker or on another machine can reach the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working against a remote server: enter its URL and press Connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Xinference answers at %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the address, the port and that the server listens there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleaned up %d orphaned process(es).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adopted the server (pid %d) left running by an earlier session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d process(es) of a server that ended without cleanup are still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They hold memory and ports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log in to see the version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpecModel</name>
    <message>
        <source>weights {w} MiB, KV cache {k} MiB, workspace {a} MiB, overhead {o} MiB at {c} tokens
{basis}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
