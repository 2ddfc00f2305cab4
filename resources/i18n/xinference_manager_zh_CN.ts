<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Xinference server</source>
        <translation>Xinference 服务器</translation>
    </message>
    <message>
        <source>Server endpoint</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置文件</translation>
    </message>
    <message>
        <source>Server logs</source>
        <translation>服务器日志</translation>
    </message>
    <message>
        <source>Xinference home</source>
        <translation>Xinference 主目录</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>About Xinference Manager</source>
        <translation>关于 Xinference Manager</translation>
    </message>
    <message>
        <source>&lt;b&gt;Xinference Manager&lt;/b&gt;&lt;br&gt;Run local AI models with Xinference and plug them into Dify.</source>
        <translation>&lt;b&gt;Xinference Manager&lt;/b&gt;&lt;br&gt;用 Xinference 运行本地 AI 模型，并接入 Dify。</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>复制诊断信息</translation>
    </message>
    <message>
        <source>Versions and paths for a bug report; no password, token or API key</source>
        <translation>用于错误报告的版本和路径；不含密码、令牌或 API 密钥</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>AppTray</name>
    <message>
        <source>Server: stopped</source>
        <translation>服务器：已停止</translation>
    </message>
    <message>
        <source>Open Xinference Manager</source>
        <translation>打开 Xinference Manager</translation>
    </message>
    <message>
        <source>Start server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>Stop server</source>
        <translation>停止服务器</translation>
    </message>
    <message>
        <source>Copy endpoint</source>
        <translation>复制服务器地址</translation>
    </message>
    <message>
        <source>Running models</source>
        <translation>运行中的模型</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Server: running at %s</source>
        <translation>服务器：运行于 %s</translation>
    </message>
    <message>
        <source>Server: starting…</source>
        <translation>服务器：正在启动…</translation>
    </message>
    <message>
        <source>Server: stopping…</source>
        <translation>服务器：正在停止…</translation>
    </message>
    <message>
        <source>Server: crashed</source>
        <translation>服务器：已崩溃</translation>
    </message>
    <message>
        <source>Xinference Manager — %s</source>
        <translation>Xinference Manager — %s</translation>
    </message>
    <message>
        <source>Xinference server crashed</source>
        <translation>Xinference 服务器崩溃了</translation>
    </message>
    <message>
        <source>Open the Server page to see why.</source>
        <translation>打开“服务器”页面查看原因。</translation>
    </message>
    <message>
        <source>Model failed</source>
        <translation>模型出错</translation>
    </message>
    <message>
        <source>Endpoint copied</source>
        <translation>服务器地址已复制</translation>
    </message>
    <message>
        <source>The server is not running</source>
        <translation>服务器未运行</translation>
    </message>
    <message>
        <source>No model is running</source>
        <translation>没有正在运行的模型</translation>
    </message>
    <message>
        <source>Copy UID: %s (%s)</source>
        <translation>复制 UID：%s（%s）</translation>
    </message>
    <message>
        <source>UID %s copied</source>
        <translation>UID %s 已复制</translation>
    </message>
    <message>
        <source>UID copied</source>
        <translation>UID 已复制</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CatalogDetail</name>
    <message>
        <source>Launch…</source>
        <translation>启动…</translation>
    </message>
    <message>
        <source>Select a model to see its variants.</source>
        <translation>选择一个模型以查看其各个版本。</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>&lt;i&gt;no description&lt;/i&gt;</source>
        <translation>&lt;i&gt;无描述&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Abilities: {v}</source>
        <translation>能力：{v}</translation>
    </message>
    <message>
        <source>Languages: {v}</source>
        <translation>语言：{v}</translation>
    </message>
    <message>
        <source>Context length: {v}</source>
        <translation>上下文长度：{v}</translation>
    </message>
    <message>
        <source>Server recommendation unavailable: {e}</source>
        <translation>无法获取服务器的推荐：{e}</translation>
    </message>
    <message>
        <source>This server has no recommender (Xinference before 4.0).</source>
        <translation>此服务器没有推荐功能（Xinference 4.0 之前的版本）。</translation>
    </message>
</context>
<context>
    <name>CatalogFilterBar</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Ability</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>Fits</source>
        <translation>可运行</translation>
    </message>
    <message>
        <source>Search name, description or model id…</source>
        <translation>搜索名称、描述或模型 ID…</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>builtin</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Size (B params)</source>
        <translation>大小（十亿参数）</translation>
    </message>
    <message>
        <source>Cached only</source>
        <translation>仅已缓存</translation>
    </message>
    <message>
        <source>Fits this machine</source>
        <translation>本机可运行</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>移除此筛选条件</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <source>Best fit</source>
        <translation>最佳匹配</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Sizes</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Abilities</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>estimate {m} on {d} ({c} confidence): {b}</source>
        <translation>估算 {m}，设备 {d}（可信度 {c}）：{b}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>builtin</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <source>Tokens the memory estimate budgets for (KV cache and workspace)</source>
        <translation>内存估算所预留的令牌数（KV 缓存和工作区）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <source>Register local model...</source>
        <translation>注册本地模型...</translation>
    </message>
    <message>
        <source>A model folder or .gguf file on this machine: type, format and name are read from its files</source>
        <translation>本机上的模型文件夹或 .gguf 文件：类型、格式和名称从其文件中读取</translation>
    </message>
    <message>
        <source>Set up for Dify...</source>
        <translation>为 Dify 配置...</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Updating the catalog from {url}…</source>
        <translation>正在从 {url} 更新模型目录…</translation>
    </message>
    <message>
        <source>showing the cached catalog</source>
        <translation>显示的是缓存的目录</translation>
    </message>
    <message>
        <source>nothing cached yet</source>
        <translation>尚无缓存</translation>
    </message>
    <message>
        <source>Last updated {when} (Xinference {v})</source>
        <translation>最后更新于 {when}（Xinference {v}）</translation>
    </message>
    <message>
        <source>{n} of {total} models · {s} variants</source>
        <translation>{n} / {total} 个模型 · {s} 个版本</translation>
    </message>
    <message>
        <source>Registered {name} ({type}).</source>
        <translation>已注册 {name}（{type}）。</translation>
    </message>
    <message>
        <source>It is hidden by the filters above.</source>
        <translation>它被上方的筛选条件隐藏了。</translation>
    </message>
</context>
<context>
    <name>ClusterPage</name>
    <message>
        <source>Not a cluster: the endpoint runs a single server.</source>
        <translation>不是集群：该地址运行的是单个服务器。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Local cluster on this machine</source>
        <translation>本机上的本地集群</translation>
    </message>
    <message>
        <source>Workers: </source>
        <translation>工作节点：</translation>
    </message>
    <message>
        <source>Start cluster</source>
        <translation>启动集群</translation>
    </message>
    <message>
        <source>Stop cluster</source>
        <translation>停止集群</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <source>Log of</source>
        <translation>查看日志：</translation>
    </message>
    <message>
        <source>Not a cluster: %s runs a single server.</source>
        <translation>不是集群：%s 运行的是单个服务器。</translation>
    </message>
    <message>
        <source>Cluster at %1 · supervisor %2 · up %3 s · %4 worker(s), %5 lost</source>
        <translation>集群位于 %1 · 主节点 %2 · 已运行 %3 秒 · %4 个工作节点，%5 个已失联</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>A cluster worker was lost</source>
        <translation>集群的一个工作节点已失联</translation>
    </message>
    <message>
        <source>%1 stopped answering; it ran: %2</source>
        <translation>%1 已停止响应；它运行过：%2</translation>
    </message>
    <message>
        <source>%1 ended: %2</source>
        <translation>%1 已结束：%2</translation>
    </message>
    <message>
        <source>A cluster process ended</source>
        <translation>集群的一个进程已结束</translation>
    </message>
    <message>
        <source>Running at %s</source>
        <translation>运行于 %s</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Cluster ready in %s s</source>
        <translation>集群已就绪（用时 %s 秒）</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>ClusterWorkersModel</name>
    <message>
        <source>Worker</source>
        <translation>工作节点</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状态</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory free</source>
        <translation>空闲内存</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>GPU memory free</source>
        <translation>空闲显存</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Local managed server</source>
        <translation>本地托管服务器</translation>
    </message>
    <message>
        <source>Remote endpoint</source>
        <translation>远程服务器</translation>
    </message>
    <message>
        <source>API key (if login is on)</source>
        <translation>API 密钥（如已启用登录）</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
</context>
<context>
    <name>DifyLocationDialog</name>
    <message>
        <source>Where Dify runs</source>
        <translation>Dify 运行位置</translation>
    </message>
</context>
<context>
    <name>DifyLocationPanel</name>
    <message>
        <source>On this machine</source>
        <translation>在本机</translation>
    </message>
    <message>
        <source>Dify runs here, not in Docker: the server stays on 127.0.0.1.</source>
        <translation>Dify 在本机运行，不在 Docker 中：服务器保持在 127.0.0.1 上。</translation>
    </message>
    <message>
        <source>Docker Desktop</source>
        <translation>Docker Desktop</translation>
    </message>
    <message>
        <source>Mac or Windows: Dify reaches the server at host.docker.internal; it stays on 127.0.0.1.</source>
        <translation>Mac 或 Windows：Dify 通过 host.docker.internal 访问服务器；服务器保持在 127.0.0.1 上。</translation>
    </message>
    <message>
        <source>Docker on Linux</source>
        <translation>Linux 上的 Docker</translation>
    </message>
    <message>
        <source>The server listens on all addresses, with login on; Dify uses this machine&apos;s address.</source>
        <translation>服务器在所有地址上监听并开启登录；Dify 使用本机的地址。</translation>
    </message>
    <message>
        <source>Another machine</source>
        <translation>另一台机器</translation>
    </message>
    <message>
        <source>The server listens on the network, with login on; Dify uses this machine&apos;s address.</source>
        <translation>服务器在网络上监听并开启登录；Dify 使用本机的地址。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Where does Dify run?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Dify 运行在哪里？&lt;/b&gt;</translation>
    </message>
    <message>
        <source>This decides where the server listens and the URL you paste into Dify. You can change it later in Settings → Where Dify runs…</source>
        <translation>这决定服务器在哪里监听，以及您要粘贴到 Dify 中的 URL。之后可在“设置 → Dify 运行位置…”中更改。</translation>
    </message>
    <message>
        <source>I don&apos;t use Dify</source>
        <translation>我不使用 Dify</translation>
    </message>
</context>
<context>
    <name>DifyPage</name>
    <message>
        <source>the UID shown on the Running page</source>
        <translation>“运行中的模型”页面上显示的 UID</translation>
    </message>
    <message>
        <source>only for a server with login (xf-...)</source>
        <translation>仅用于启用了登录的服务器（xf-...）</translation>
    </message>
    <message>
        <source>detected: {0}</source>
        <translation>检测到：{0}</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>On this machine (not in Docker)</source>
        <translation>本机（不在 Docker 中）</translation>
    </message>
    <message>
        <source>Docker Desktop (Mac, Windows)</source>
        <translation>Docker Desktop（Mac、Windows）</translation>
    </message>
    <message>
        <source>Docker on Linux</source>
        <translation>Linux 上的 Docker</translation>
    </message>
    <message>
        <source>Another machine</source>
        <translation>另一台机器</translation>
    </message>
    <message>
        <source>LLM</source>
        <translation>LLM</translation>
    </message>
    <message>
        <source>Text Embedding</source>
        <translation>文本嵌入（Text Embedding）</translation>
    </message>
    <message>
        <source>Rerank</source>
        <translation>重排序（Rerank）</translation>
    </message>
    <message>
        <source>Speech2text</source>
        <translation>语音转文字（Speech2text）</translation>
    </message>
    <message>
        <source>TTS</source>
        <translation>文字转语音（TTS）</translation>
    </message>
    <message>
        <source>an API key of this server (Server page → Login → Create API key for Dify)</source>
        <translation>此服务器的 API 密钥（“服务器”页面 → 登录 → 为 Dify 创建 API 密钥）</translation>
    </message>
    <message>
        <source>copy it from the Running page</source>
        <translation>从“运行中的模型”页面复制</translation>
    </message>
    <message>
        <source>detected when needed</source>
        <translation>需要时自动检测</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>服务器 URL</translation>
    </message>
    <message>
        <source>Model UID</source>
        <translation>模型 UID</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Where does Dify run?</source>
        <translation>Dify 运行在哪里？</translation>
    </message>
    <message>
        <source>This machine&apos;s address for Dify</source>
        <translation>Dify 访问本机所用的地址</translation>
    </message>
    <message>
        <source>Test as Dify would</source>
        <translation>按 Dify 的方式测试</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation>复制 Dify 设置</translation>
    </message>
    <message>
        <source>Use this URL</source>
        <translation>使用此 URL</translation>
    </message>
    <message>
        <source>Restart server on 0.0.0.0…</source>
        <translation>在 0.0.0.0 上重启服务器…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dify connection test&lt;/b&gt;: runs the validation of Dify&apos;s Xinference provider, from where Dify runs, and explains each failure.</source>
        <translation>&lt;b&gt;Dify 连接测试&lt;/b&gt;：从 Dify 所在的位置执行 Dify 的 Xinference 提供方校验，并解释每一项失败。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Cannot test: {0}</source>
        <translation>无法测试：{0}</translation>
    </message>
    <message>
        <source>✓ Dify will accept this.</source>
        <translation>✓ Dify 会接受此配置。</translation>
    </message>
    <message>
        <source>✗ Dify will refuse this. Dify would show: {0}</source>
        <translation>✗ Dify 会拒绝此配置。Dify 会显示：{0}</translation>
    </message>
    <message>
        <source>Server URL that works from where Dify runs: {0}</source>
        <translation>在 Dify 所在位置可用的服务器 URL：{0}</translation>
    </message>
    <message>
        <source>Copied the report (without the API key)</source>
        <translation>报告已复制（不含 API 密钥）</translation>
    </message>
    <message>
        <source>Copied the settings for Dify&apos;s form</source>
        <translation>已复制用于 Dify 表单的设置</translation>
    </message>
    <message>
        <source> Login is off: anyone on the network will be able to use it.</source>
        <translation> 登录已关闭：网络上的任何人都能使用它。</translation>
    </message>
    <message>
        <source>Restart the server on {0} from the Server page.</source>
        <translation>请在“服务器”页面上将服务器改为在 {0} 上重启。</translation>
    </message>
</context>
<context>
    <name>DifyReachRow</name>
    <message>
        <source>this machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Dify&apos;s plugin daemon container (Docker Desktop)</source>
        <translation>Dify 的插件守护进程容器（Docker Desktop）</translation>
    </message>
    <message>
        <source>Dify&apos;s plugin daemon container (Docker on Linux)</source>
        <translation>Dify 的插件守护进程容器（Linux 上的 Docker）</translation>
    </message>
    <message>
        <source>the machine where Dify runs</source>
        <translation>Dify 所在的机器</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Dify reaches this server at &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>Dify 通过 &lt;b&gt;{0}&lt;/b&gt; 访问此服务器</translation>
    </message>
    <message>
        <source> (from this machine; choose where Dify runs in Settings → Where Dify runs…)</source>
        <translation>（这是从本机访问的地址；请在“设置 → Dify 运行位置…”中选择 Dify 的运行位置）</translation>
    </message>
    <message>
        <source> once the server listens on the network: from {0} it cannot reach {1}.</source>
        <translation>，前提是服务器在网络上监听：从{0}无法访问 {1}。</translation>
    </message>
    <message>
        <source>Copied {0}</source>
        <translation>已复制 {0}</translation>
    </message>
</context>
<context>
    <name>DifyStepsModel</name>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>{0:.2f} s</source>
        <translation>{0:.2f} 秒</translation>
    </message>
    <message>
        <source>Cause: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <source>Fix: {0}</source>
        <translation>解决办法：{0}</translation>
    </message>
</context>
<context>
    <name>EnginePanel</name>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Looking for Xinference…</source>
        <translation>正在查找 Xinference…</translation>
    </message>
    <message>
        <source>Find again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Point at an xinference-local program or the venv that holds it</source>
        <translation>指定 xinference-local 程序或包含它的虚拟环境</translation>
    </message>
    <message>
        <source>pip requirement(s), e.g. xinference[all] or xinference==4.1.0</source>
        <translation>pip 依赖项，例如 xinference[all] 或 xinference==4.1.0</translation>
    </message>
    <message>
        <source>extra pip arguments (optional)</source>
        <translation>额外的 pip 参数（可选）</translation>
    </message>
    <message>
        <source>Install Xinference</source>
        <translation>安装 Xinference</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Install another…</source>
        <translation>安装其他版本…</translation>
    </message>
    <message>
        <source>Install or upgrade Xinference in the app&apos;s own environment</source>
        <translation>在应用自带的环境中安装或升级 Xinference</translation>
    </message>
    <message>
        <source>Install:</source>
        <translation>安装：</translation>
    </message>
    <message>
        <source>Proposed for this machine: %s</source>
        <translation>为本机推荐：%s</translation>
    </message>
    <message>
        <source>%1 cannot be reached (%2): pip would retry it for minutes, then take torch from PyPI, which on Linux is the CUDA build: about %3 GB to download instead of the CPU build, for a GPU this machine does not have.</source>
        <translation>无法访问 %1（%2）：pip 会重试数分钟，然后从 PyPI 获取 torch，而它在 Linux 上是 CUDA 版本：要下载约 %3 GB，而不是 CPU 版本，且是为本机并没有的 GPU 准备的。</translation>
    </message>
    <message>
        <source>%1 cannot be reached (%2): pip would retry it for minutes, then take what should come from it from PyPI, if PyPI has it.</source>
        <translation>无法访问 %1（%2）：pip 会重试数分钟，然后改从 PyPI 获取本应来自它的软件包（如果 PyPI 上有的话）。</translation>
    </message>
    <message>
        <source>Check the proxy or firewall (pip uses HTTPS_PROXY) and press Install, or press &quot;Install without it&quot; to go on without that index.</source>
        <translation>请检查代理或防火墙（pip 使用 HTTPS_PROXY），然后点击“安装”；或点击“不使用它安装”，不使用该索引继续安装。</translation>
    </message>
    <message>
        <source>Xinference is not installed. Install it below, or choose an existing xinference-local.</source>
        <translation>尚未安装 Xinference。请在下方安装，或选择一个已有的 xinference-local。</translation>
    </message>
    <message>
        <source>Choose xinference-local</source>
        <translation>选择 xinference-local</translation>
    </message>
    <message>
        <source>Extra pip arguments: %s</source>
        <translation>额外的 pip 参数：%s</translation>
    </message>
    <message>
        <source>Installed.</source>
        <translation>已安装。</translation>
    </message>
    <message>
        <source>Cancelled; the previous engine (if any) is unchanged.</source>
        <translation>已取消；之前的引擎（如有）保持不变。</translation>
    </message>
    <message>
        <source>The install failed.</source>
        <translation>安装失败。</translation>
    </message>
    <message>
        <source>Checking the package indexes…</source>
        <translation>正在检查软件包索引…</translation>
    </message>
    <message>
        <source>Install without it</source>
        <translation>不使用它安装</translation>
    </message>
    <message>
        <source>Installed (%s).</source>
        <translation>已安装（%s）。</translation>
    </message>
    <message>
        <source>The CPU-only install brought torch %1, built for CUDA %2: pip did not take it from the CPU index.</source>
        <translation>仅 CPU 的安装装入了 torch %1，它是为 CUDA %2 构建的：pip 没有从 CPU 索引获取它。</translation>
    </message>
</context>
<context>
    <name>HardwarePanel</name>
    <message>
        <source>Judged on</source>
        <translation>评估依据</translation>
    </message>
    <message>
        <source>CPU cores</source>
        <translation>CPU 核心数</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>OS / arch</source>
        <translation>操作系统 / 架构</translation>
    </message>
    <message>
        <source>Engines installed</source>
        <translation>已安装的引擎</translation>
    </message>
    <message>
        <source>Engines not installed</source>
        <translation>未安装的引擎</translation>
    </message>
    <message>
        <source>Quantization packages</source>
        <translation>量化软件包</translation>
    </message>
    <message>
        <source>this machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{free} free of {total}</source>
        <translation>空闲 {free}，共 {total}</translation>
    </message>
    <message>
        <source>{name} (#{i}): {free} free of {total}</source>
        <translation>{name}（#{i}）：空闲 {free}，共 {total}</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>未报告</translation>
    </message>
    <message>
        <source>unknown (server not reachable)</source>
        <translation>未知（无法连接服务器）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>not checked (a remote server, or not reachable)</source>
        <translation>未检查（远程服务器或无法连接）</translation>
    </message>
    <message>
        <source>none (GPTQ, AWQ, bnb, GGUF cannot load)</source>
        <translation>无（无法加载 GPTQ、AWQ、bnb、GGUF）</translation>
    </message>
</context>
<context>
    <name>LaunchDialog</name>
    <message>
        <source>Launch {0}</source>
        <translation>启动 {0}</translation>
    </message>
    <message>
        <source>e.g. 0,1 (overrides the GPU count)</source>
        <translation>例如 0,1（优先于 GPU 数量）</translation>
    </message>
    <message>
        <source>optional: the server picks one</source>
        <translation>可选：由服务器自动指定</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add option</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size (billions)</source>
        <translation>大小（十亿参数）</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本数</translation>
    </message>
    <message>
        <source>GPU count</source>
        <translation>GPU 数量</translation>
    </message>
    <message>
        <source>GPU indices</source>
        <translation>GPU 编号</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作节点</translation>
    </message>
    <message>
        <source>Download hub</source>
        <translation>下载源</translation>
    </message>
    <message>
        <source>Model UID</source>
        <translation>模型 UID</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Extra options</source>
        <translation>额外选项</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Copy as xinference command</source>
        <translation>复制为 xinference 命令</translation>
    </message>
    <message>
        <source>Copy as xinference-manager command</source>
        <translation>复制为 xinference-manager 命令</translation>
    </message>
    <message>
        <source>{0} (unavailable: {1})</source>
        <translation>{0}（不可用：{1}）</translation>
    </message>
    <message>
        <source>No engine on this server can run this model; see each engine&apos;s reason.</source>
        <translation>此服务器上没有能运行该模型的引擎；请查看各引擎的原因。</translation>
    </message>
    <message>
        <source>Could not list engines: {0}</source>
        <translation>无法列出引擎：{0}</translation>
    </message>
    <message>
        <source>Defaults come from the server&apos;s recommendation.</source>
        <translation>默认值来自服务器的推荐。</translation>
    </message>
    <message>
        <source>{0} of memory free</source>
        <translation>空闲内存 {0}</translation>
    </message>
    <message>
        <source>GPU indices must be numbers separated by commas</source>
        <translation>GPU 编号必须是以逗号分隔的数字</translation>
    </message>
    <message>
        <source>Command copied</source>
        <translation>命令已复制</translation>
    </message>
    <message>
        <source>Submitting...</source>
        <translation>正在提交...</translation>
    </message>
    <message>
        <source>Launching as {0}</source>
        <translation>正在以 {0} 启动</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>{0} is ready ({1:.1f} s)</source>
        <translation>{0} 已就绪（{1:.1f} 秒）</translation>
    </message>
    <message>
        <source>{0} is ready</source>
        <translation>{0} 已就绪</translation>
    </message>
    <message>
        <source>Model ready</source>
        <translation>模型已就绪</translation>
    </message>
    <message>
        <source>Launch failed</source>
        <translation>启动失败</translation>
    </message>
    <message>
        <source>Server said: {0}</source>
        <translation>服务器返回：{0}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancel launch</source>
        <translation>取消启动</translation>
    </message>
    <message>
        <source>Cancelling: waiting for the server to accept the launch...</source>
        <translation>正在取消：等待服务器接受启动请求...</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Search the log…</source>
        <translation>搜索日志…</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>stored in the system keyring</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <source>stored in a file only you can read</source>
        <translation>保存在只有你能读取的文件中</translation>
    </message>
    <message>
        <source>This server has no login (Xinference before 3.0).</source>
        <translation>此服务器没有登录功能（Xinference 3.0 之前的版本）。</translation>
    </message>
    <message>
        <source>Login is off on this server.</source>
        <translation>此服务器已关闭登录。</translation>
    </message>
    <message>
        <source>First-run setup is due: create the admin account.</source>
        <translation>需要首次设置：请创建管理员账户。</translation>
    </message>
    <message>
        <source>Logged in.</source>
        <translation>已登录。</translation>
    </message>
    <message>
        <source>Login required.</source>
        <translation>需要登录。</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>read from the server log</source>
        <translation>从服务器日志中读取</translation>
    </message>
    <message>
        <source>Remember password (%s)</source>
        <translation>记住密码（%s）</translation>
    </message>
    <message>
        <source>Lets the app log in again by itself when the session expires.</source>
        <translation>会话过期时让应用自动重新登录。</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Create API key for Dify</source>
        <translation>为 Dify 创建 API 密钥</translation>
    </message>
    <message>
        <source>the new key appears here</source>
        <translation>新密钥将显示在这里</translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation>复制密钥</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Setup token</source>
        <translation>设置令牌</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Start or connect to a server first.</source>
        <translation>请先启动或连接服务器。</translation>
    </message>
    <message>
        <source>Create admin and log in</source>
        <translation>创建管理员并登录</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>API key created and copied</source>
        <translation>API 密钥已创建并复制</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Running models</source>
        <translation>运行中的模型</translation>
    </message>
    <message>
        <source>Dify connection test</source>
        <translation>Dify 连接测试</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Xinference Manager</source>
        <translation>Xinference Manager</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Local cluster on this machine…</source>
        <translation>本机上的本地集群…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window closes</source>
        <translation>关闭窗口时在托盘中继续运行</translation>
    </message>
    <message>
        <source>Where Dify runs…</source>
        <translation>Dify 运行位置…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Start Xinference Manager when I log in</source>
        <translation>登录系统时启动 Xinference Manager</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Xinference Manager</source>
        <translation>关于 Xinference Manager(&amp;A)</translation>
    </message>
    <message>
        <source>This desktop shows no tray icons.</source>
        <translation>此桌面不显示托盘图标。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The language changes everywhere the next time the app starts.</source>
        <translation>下次启动应用时，所有界面都会切换语言。</translation>
    </message>
    <message>
        <source>Could not change the login item: %s</source>
        <translation>无法更改登录启动项：%s</translation>
    </message>
    <message>
        <source>Xinference Manager is still running</source>
        <translation>Xinference Manager 仍在运行</translation>
    </message>
    <message>
        <source>It keeps the server running in the tray. Quit from the tray&apos;s menu, or turn this off in Settings.</source>
        <translation>它在托盘中保持服务器运行。可从托盘菜单退出，或在“设置”中关闭此功能。</translation>
    </message>
    <message>
        <source>Engine install under way</source>
        <translation>引擎正在安装</translation>
    </message>
    <message>
        <source>Xinference is being installed ({0}). Quitting cancels the install and removes what it has downloaded so far; the engine you had stays as it was.</source>
        <translation>正在安装 Xinference（{0}）。退出将取消安装，并删除目前已下载的内容；您原有的引擎保持不变。</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在开始</translation>
    </message>
    <message>
        <source>Keep installing</source>
        <translation>继续安装</translation>
    </message>
    <message>
        <source>Quit and cancel the install</source>
        <translation>退出并取消安装</translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Launch a registered model</source>
        <translation>启动已注册的模型</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Launch...</source>
        <translation>启动...</translation>
    </message>
    <message>
        <source>Unregister</source>
        <translation>取消注册</translation>
    </message>
    <message>
        <source>Unregistered {0}</source>
        <translation>已取消注册 {0}</translation>
    </message>
</context>
<context>
    <name>ModelSetsDialog</name>
    <message>
        <source>Model sets</source>
        <translation>模型组</translation>
    </message>
    <message>
        <source>UID of the selected model</source>
        <translation>所选模型的 UID</translation>
    </message>
    <message>
        <source>Save running models as a set...</source>
        <translation>将运行中的模型保存为模型组...</translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation>重命名...</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入...</translation>
    </message>
    <message>
        <source>Apply set</source>
        <translation>应用模型组</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>Change UID</source>
        <translation>更改 UID</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Restore when the server starts</source>
        <translation>服务器启动时恢复</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Save running models as a set</source>
        <translation>将运行中的模型保存为模型组</translation>
    </message>
    <message>
        <source>Name of the set</source>
        <translation>模型组名称</translation>
    </message>
    <message>
        <source>No model is running</source>
        <translation>没有正在运行的模型</translation>
    </message>
    <message>
        <source>Launch the models first, then save them.</source>
        <translation>请先启动模型，再保存。</translation>
    </message>
    <message>
        <source>Saved {0} models as “{1}”.</source>
        <translation>已将 {0} 个模型保存为“{1}”。</translation>
    </message>
    <message>
        <source>Rename set</source>
        <translation>重命名模型组</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>新名称</translation>
    </message>
    <message>
        <source>Deleted “{0}”.</source>
        <translation>已删除“{0}”。</translation>
    </message>
    <message>
        <source>A model of a set needs a UID</source>
        <translation>模型组中的模型需要 UID</translation>
    </message>
    <message>
        <source>Sets relaunch models under their UIDs.</source>
        <translation>模型组会以各模型的 UID 重新启动它们。</translation>
    </message>
    <message>
        <source>Export model set</source>
        <translation>导出模型组</translation>
    </message>
    <message>
        <source>Exported “{0}” to {1}.</source>
        <translation>已将“{0}”导出到 {1}。</translation>
    </message>
    <message>
        <source>Import model set</source>
        <translation>导入模型组</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Imported “{0}” ({1} models).</source>
        <translation>已导入“{0}”（{1} 个模型）。</translation>
    </message>
    <message>
        <source>{0} of {1} models run.</source>
        <translation>{1} 个模型中有 {0} 个在运行。</translation>
    </message>
</context>
<context>
    <name>RagStarterDialog</name>
    <message>
        <source>an API key of this server (Server page → Login → Create API key for Dify)</source>
        <translation>此服务器的 API 密钥（“服务器”页面 → 登录 → 为 Dify 创建 API 密钥）</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>对话模型</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <source>Reranker</source>
        <translation>重排序模型</translation>
    </message>
    <message>
        <source>Set up for Dify</source>
        <translation>为 Dify 配置</translation>
    </message>
    <message>
        <source>Three models for a RAG app in Dify: a chat model, an embedding model and a reranker that fit this machine. Models registered from your disk come first.</source>
        <translation>为 Dify 中的 RAG 应用准备三个适合本机的模型：一个对话模型、一个嵌入模型和一个重排序模型。优先使用从本地磁盘注册的模型。</translation>
    </message>
    <message>
        <source>Bring these models back whenever this server starts</source>
        <translation>每次此服务器启动时恢复这些模型</translation>
    </message>
    <message>
        <source>Looking for models that fit this machine…</source>
        <translation>正在查找适合本机的模型…</translation>
    </message>
    <message>
        <source>Launch and check</source>
        <translation>启动并检查</translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation>复制 Dify 设置</translation>
    </message>
    <message>
        <source>Copy API key</source>
        <translation>复制 API 密钥</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>nothing fits this machine</source>
        <translation>没有适合本机的模型</translation>
    </message>
    <message>
        <source>No {0} fits this machine: register one from disk (Catalog → Register local model…) and open this again. The others can still be launched.</source>
        <translation>没有适合本机的{0}：请从磁盘注册一个（模型目录 → 注册本地模型…），然后重新打开此窗口。其他模型仍可启动。</translation>
    </message>
    <message>
        <source>Proposed for this machine; change any of them, then Launch and check.</source>
        <translation>这是为本机推荐的模型；可任意更改，然后点击“启动并检查”。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Launching {0} models (set “{1}”)…</source>
        <translation>正在启动 {0} 个模型（模型组“{1}”）…</translation>
    </message>
    <message>
        <source>Not every model runs: see each line above. The ones that run are checked below.</source>
        <translation>并非所有模型都在运行：请查看上面每一行。下面检查正在运行的模型。</translation>
    </message>
    <message>
        <source>All models run. Checking each one as Dify would…</source>
        <translation>所有模型都在运行。正在按 Dify 的方式逐个检查…</translation>
    </message>
    <message>
        <source>Ready for Dify: copy the settings into Dify&apos;s Add Model form, one model at a time.</source>
        <translation>已可用于 Dify：请将设置逐个模型复制到 Dify 的“添加模型”表单中。</translation>
    </message>
    <message>
        <source>Created the API key &quot;%s&quot; for Dify: paste it into Dify&apos;s API Key field.</source>
        <translation>已为 Dify 创建 API 密钥“%s”：请将其粘贴到 Dify 的 API Key 字段中。</translation>
    </message>
    <message>
        <source>the API key &quot;{0}&quot; made for Dify just now: press &quot;Copy API key&quot; in the Set up for Dify dialog</source>
        <translation>刚刚为 Dify 创建的 API 密钥“{0}”：在“为 Dify 配置”对话框中点击“复制 API 密钥”</translation>
    </message>
    <message>
        <source>the API key saved for this server: press &quot;Copy API key&quot; in the Set up for Dify dialog</source>
        <translation>为此服务器保存的 API 密钥：在“为 Dify 配置”对话框中点击“复制 API 密钥”</translation>
    </message>
    <message>
        <source>API key copied: paste it into Dify&apos;s API Key field</source>
        <translation>API 密钥已复制：请将其粘贴到 Dify 的 API Key 字段中</translation>
    </message>
    <message>
        <source>Copied the Dify settings of {0} models</source>
        <translation>已复制 {0} 个模型的 Dify 设置</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register a local model</source>
        <translation>注册本地模型</translation>
    </message>
    <message>
        <source>e.g. my-qwen (letters, digits, . _ -)</source>
        <translation>例如 my-qwen（字母、数字、. _ -）</translation>
    </message>
    <message>
        <source>folder with config.json and weights, or a .gguf file</source>
        <translation>包含 config.json 和权重的文件夹，或一个 .gguf 文件</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>文件夹...</translation>
    </message>
    <message>
        <source>File...</source>
        <translation>文件...</translation>
    </message>
    <message>
        <source>The builtin LLM family it is based on: its chat template is used.</source>
        <translation>它所基于的内置 LLM 系列：将使用其对话模板。</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>模型系列</translation>
    </message>
    <message>
        <source>Keep after the server restarts</source>
        <translation>服务器重启后保留</translation>
    </message>
    <message>
        <source>Open the Launch dialog afterwards</source>
        <translation>完成后打开启动对话框</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Detected: {0} ({1}{2})</source>
        <translation>检测到：{0}（{1}{2}）</translation>
    </message>
    <message>
        <source>Give the model a name.</source>
        <translation>请为模型命名。</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>GGUF (*.gguf);;All files (*)</source>
        <translation>GGUF (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Registered {0}</source>
        <translation>已注册 {0}</translation>
    </message>
</context>
<context>
    <name>RestartKeepingModels</name>
    <message>
        <source>on {0}</source>
        <translation>监听 {0}</translation>
    </message>
    <message>
        <source>on port {0}</source>
        <translation>使用端口 {0}</translation>
    </message>
    <message>
        <source>with login on</source>
        <translation>开启登录</translation>
    </message>
    <message>
        <source>with login off</source>
        <translation>关闭登录</translation>
    </message>
    <message>
        <source>Restart the server {0}</source>
        <translation>重启服务器（{0}）</translation>
    </message>
    <message>
        <source>Restart the server</source>
        <translation>重启服务器</translation>
    </message>
    <message>
        <source>: the running models are saved as the set “{0}” and launched again with the same UIDs.</source>
        <translation>：运行中的模型将保存为模型组“{0}”，并以相同的 UID 重新启动。</translation>
    </message>
    <message>
        <source>: no model runs, nothing to bring back.</source>
        <translation>：没有正在运行的模型，无需恢复。</translation>
    </message>
    <message>
        <source>: the {0} running model(s) ({1}) are saved as the set “{2}” and launched again with the same UIDs.</source>
        <translation>：{0} 个运行中的模型（{1}）将保存为模型组“{2}”，并以相同的 UID 重新启动。</translation>
    </message>
    <message>
        <source>Restart and bring back {0} model(s)</source>
        <translation>重启并恢复 {0} 个模型</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Login is off: on 0.0.0.0 anyone who can reach this machine can use the server. Consider turning login on and giving Dify an API key.</source>
        <translation>登录已关闭：在 0.0.0.0 上，任何能访问本机的人都能使用该服务器。建议开启登录，并为 Dify 提供 API 密钥。</translation>
    </message>
    <message>
        <source>Start the server {0}.</source>
        <translation>启动服务器（{0}）。</translation>
    </message>
    <message>
        <source>Start now</source>
        <translation>立即启动</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>For Dify in {0}:</source>
        <translation>为了让{0}能访问服务器：</translation>
    </message>
    <message>
        <source>For Dify on another machine:</source>
        <translation>为了让另一台机器上的 Dify 能访问服务器：</translation>
    </message>
    <message>
        <source>the server will start {0}.</source>
        <translation>服务器启动时将{0}。</translation>
    </message>
    <message>
        <source>The server was not restarted: the running models could not be saved</source>
        <translation>服务器未重启：无法保存运行中的模型</translation>
    </message>
    <message>
        <source>Restarting the server…</source>
        <translation>正在重启服务器…</translation>
    </message>
    <message>
        <source>The models are saved as the set “{0}”: apply it once the server runs.</source>
        <translation>模型已保存为模型组“{0}”：服务器运行后请应用它。</translation>
    </message>
    <message>
        <source>Restarted; no model was running.</source>
        <translation>已重启；之前没有正在运行的模型。</translation>
    </message>
    <message>
        <source>Log in to bring back {0} model(s): the new server requires login.</source>
        <translation>请登录以恢复 {0} 个模型：新服务器需要登录。</translation>
    </message>
    <message>
        <source>They are saved as the set “{0}” and launch as soon as you log in.</source>
        <translation>它们已保存为模型组“{0}”，登录后会立即启动。</translation>
    </message>
    <message>
        <source>Restarted; every model is back with its UID.</source>
        <translation>已重启；所有模型都已以原 UID 恢复。</translation>
    </message>
    <message>
        <source>Restarted; some models did not come back.</source>
        <translation>已重启；部分模型未能恢复。</translation>
    </message>
    <message>
        <source>Bringing back model {0} of {1}: {2}</source>
        <translation>正在恢复第 {0} 个模型（共 {1} 个）：{2}</translation>
    </message>
</context>
<context>
    <name>RunningModelsModel</name>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作节点</translation>
    </message>
    <message>
        <source>Abilities</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Use this UID in Dify. Replicas (internal, do not use): {0}</source>
        <translation>在 Dify 中使用此 UID。副本（内部使用，请勿使用）：{0}</translation>
    </message>
    <message>
        <source>Still loading: the model answers once its status is READY.</source>
        <translation>仍在加载：状态变为 READY 后模型才会响应。</translation>
    </message>
</context>
<context>
    <name>RunningPage</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Launch...</source>
        <translation>启动...</translation>
    </message>
    <message>
        <source>Register local model...</source>
        <translation>注册本地模型...</translation>
    </message>
    <message>
        <source>Copy UID</source>
        <translation>复制 UID</translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation>复制 Dify 设置</translation>
    </message>
    <message>
        <source>Test in Dify panel</source>
        <translation>在 Dify 测试页中测试</translation>
    </message>
    <message>
        <source>Terminate...</source>
        <translation>终止...</translation>
    </message>
    <message>
        <source>Set up for Dify...</source>
        <translation>为 Dify 配置...</translation>
    </message>
    <message>
        <source>Launch a chat model, an embedding model and a reranker that fit this machine, and check each one as Dify would</source>
        <translation>启动适合本机的对话模型、嵌入模型和重排序模型，并按 Dify 的方式逐个检查</translation>
    </message>
    <message>
        <source>Model sets...</source>
        <translation>模型组...</translation>
    </message>
    <message>
        <source>Save the running models as a set, apply a set, restore one when the server starts</source>
        <translation>将运行中的模型保存为模型组、应用模型组，或在服务器启动时恢复某个模型组</translation>
    </message>
    <message>
        <source>No model is running on this server. Launch one with Launch… or from the Catalog page.</source>
        <translation>此服务器上没有正在运行的模型。可通过“启动…”或在“模型目录”页面启动一个。</translation>
    </message>
    <message>
        <source>Try it: a chat message, a text to embed, or a rerank query</source>
        <translation>试一试：输入聊天消息、要嵌入的文本或重排序查询</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>选择一个模型以查看详情。</translation>
    </message>
    <message>
        <source>UID for clients and Dify: {0}   |   internal replica names (do not use in Dify): {1}   |   context length: {2}</source>
        <translation>客户端和 Dify 使用的 UID：{0}   |   内部副本名称（请勿在 Dify 中使用）：{1}   |   上下文长度：{2}</translation>
    </message>
    <message>
        <source>Copied UID {0}</source>
        <translation>已复制 UID {0}</translation>
    </message>
    <message>
        <source>Copied Dify settings for {0}</source>
        <translation>已复制 {0} 的 Dify 设置</translation>
    </message>
    <message>
        <source>Terminate model</source>
        <translation>终止模型</translation>
    </message>
    <message>
        <source>Stop {0}? Clients using this UID (Dify included) will get errors.</source>
        <translation>停止 {0}？使用此 UID 的客户端（包括 Dify）将会出错。</translation>
    </message>
    <message>
        <source>Terminated {0}</source>
        <translation>已终止 {0}</translation>
    </message>
    <message>
        <source>Waiting for {0}...</source>
        <translation>正在等待 {0}...</translation>
    </message>
    <message>
        <source>{0}

({1:.0f} ms)</source>
        <translation>{0}

（{1:.0f} 毫秒）</translation>
    </message>
    <message>
        <source>Unexpected answer: {0}</source>
        <translation>意外的响应：{0}</translation>
    </message>
    <message>
        <source>Registered {name} ({type}). Launch it with Launch… whenever you need it.</source>
        <translation>已注册 {name}（{type}）。需要时可通过“启动…”启动它。</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>127.0.0.1: this machine only. 0.0.0.0: reachable from Docker and the network.</source>
        <translation>127.0.0.1：仅限本机。0.0.0.0：可从 Docker 和网络访问。</translation>
    </message>
    <message>
        <source>Require login (Xinference&apos;s default since 3.0)</source>
        <translation>需要登录（Xinference 3.0 起的默认设置）</translation>
    </message>
    <message>
        <source>NAME=value, one per line</source>
        <translation>NAME=value，每行一个</translation>
    </message>
    <message>
        <source>Stop the server when the app quits</source>
        <translation>退出应用时停止服务器</translation>
    </message>
    <message>
        <source>Restart automatically after a crash</source>
        <translation>崩溃后自动重启</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Stop and start again; the running models come back with their UIDs.</source>
        <translation>停止并重新启动；运行中的模型会以各自的 UID 恢复。</translation>
    </message>
    <message>
        <source>Connect to it instead</source>
        <translation>改为连接到它</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>XINFERENCE_HOME</source>
        <translation>XINFERENCE_HOME</translation>
    </message>
    <message>
        <source>Model source</source>
        <translation>模型来源</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>日志级别</translation>
    </message>
    <message>
        <source>Extra environment</source>
        <translation>额外环境变量</translation>
    </message>
    <message>
        <source>Start options</source>
        <translation>启动选项</translation>
    </message>
    <message numerus="yes">
        <source>Cleaned up %n orphaned process(es).</source>
        <translation>
            <numerusform>已清理 %n 个遗留进程。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) of a server that ended without cleanup are still running.</source>
        <translation>
            <numerusform>一个未正常清理就结束的服务器仍有 %n 个进程在运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>default: {0}</source>
        <translation>默认：{0}</translation>
    </message>
    <message>
        <source>Working against a remote server: enter its URL and press Connect.</source>
        <translation>正在使用远程服务器：请输入其 URL 并点击“连接”。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL</source>
        <translation>请输入服务器的 URL</translation>
    </message>
    <message>
        <source>No Xinference answers at %s</source>
        <translation>%s 上没有 Xinference 响应</translation>
    </message>
    <message>
        <source>Check the address, the port and that the server listens there.</source>
        <translation>请检查地址、端口，以及服务器是否在那里监听。</translation>
    </message>
    <message>
        <source>Adopted the server (pid %d) left running by an earlier session.</source>
        <translation>已接管之前会话遗留运行的服务器（pid %d）。</translation>
    </message>
    <message>
        <source>They hold memory and ports.</source>
        <translation>它们占用着内存和端口。</translation>
    </message>
    <message>
        <source>Clean up</source>
        <translation>清理</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>The server wrote nothing just before it ended; its earlier output is in the log below.</source>
        <translation>服务器在结束前没有输出任何内容；其较早的输出见下方日志。</translation>
    </message>
    <message>
        <source>Endpoint copied</source>
        <translation>服务器地址已复制</translation>
    </message>
</context>
<context>
    <name>ServerStatusBox</name>
    <message>
        <source>{h}h {m}m {s}s</source>
        <translation>{h} 小时 {m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{m}m {s}s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{address}: CPU {cpu:.0f}% of {cores} cores, RAM {used} used of {total}</source>
        <translation>{address}：CPU {cpu:.0f}%（共 {cores} 核），内存已用 {used}，共 {total}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>log in to see the version</source>
        <translation>登录后查看版本</translation>
    </message>
</context>
<context>
    <name>SetRestorer</name>
    <message>
        <source>restoring model set “{0}”</source>
        <translation>正在恢复模型组“{0}”</translation>
    </message>
    <message>
        <source>Model set “{0}”: {1} of {2} models did not come back ({3})</source>
        <translation>模型组“{0}”：{2} 个模型中有 {1} 个未能恢复（{3}）</translation>
    </message>
    <message>
        <source>Each model&apos;s reason is in the log below.</source>
        <translation>每个模型的原因见下方日志。</translation>
    </message>
</context>
<context>
    <name>SpecModel</name>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>模型仓库</translation>
    </message>
    <message>
        <source>Engines</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>on {d}: weights {w} MiB, KV cache {k} MiB, workspace {a} MiB, overhead {o} MiB at {c} tokens ({conf} confidence; {g} MiB as Xinference&apos;s GPU estimator counts)
{basis}</source>
        <translation>在 {d} 上：权重 {w} MiB，KV 缓存 {k} MiB，工作区 {a} MiB，额外开销 {o} MiB，按 {c} 个令牌计算（可信度 {conf}；按 Xinference 的 GPU 估算器计为 {g} MiB）
{basis}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>report_error</name>
    <message>
        <source>Unexpected error: %s</source>
        <translation>意外错误：%s</translation>
    </message>
    <message>
        <source>Details are in the log.</source>
        <translation>详情请见日志。</translation>
    </message>
</context>
<context>
    <name>shutdown</name>
    <message>
        <source>Not everything could be stopped</source>
        <translation>未能停止所有内容</translation>
    </message>
</context>
</TS>
