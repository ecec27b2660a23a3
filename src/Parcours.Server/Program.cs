using Parcours.Server;

// `dotnet run --project src/Parcours.Server` does what `parcours serve` does (--urls is read by the host itself).
return await ParcoursServer.RunAsync(args, new ServeSettings(), CancellationToken.None);
