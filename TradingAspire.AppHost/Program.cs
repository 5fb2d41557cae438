var builder = DistributedApplication.CreateBuilder(args);

var e = builder.AddExecutable("probe", "bash", ".", "-c", "env | sort | grep -E 'PORT|OTEL|services|ConnectionStrings' ; exec python3 -m http.server $PORT --bind 127.0.0.1")
    .WithHttpEndpoint(port: 8111, env: "PORT", isProxied: false)
    .WithHttpHealthCheck("/");
builder.AddExecutable("probe2", "bash", ".", "-c", "env | sort | grep -E 'PORT|OTEL|services|ConnectionStrings|PROBE' ; exec python3 -m http.server $PORT --bind 127.0.0.1")
    .WithHttpEndpoint(env: "PORT")
    .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
    .WithReference(e.GetEndpoint("http")).WaitFor(e);

builder.Build().Run();
