import os
import pickle
import subprocess
import yaml
import requests
import ssl


def dangerous(user, blob, cur, text, cmd):
    eval(user)
    exec("print(1)")
    builtins.eval(user)
    pickle.loads(blob)
    pickle.load(open("f", "rb"))
    yaml.load(text)
    yaml.load(text, Loader=yaml.Loader)
    yaml.unsafe_load(text)
    subprocess.run(cmd, shell=True)
    subprocess.Popen(["ls", cmd], shell=True)
    os.system(cmd)
    os.popen(cmd)
    cur.execute(f"SELECT * FROM t WHERE id = {user}")
    cur.execute("SELECT * FROM t WHERE id = %s" % user)
    cur.execute("SELECT * FROM t WHERE id = {}".format(user))
    cur.executemany("DELETE FROM t WHERE id = " + user + ";", [])
    cur.execute(query + "WHERE a = 1")
    requests.get("https://example.com", verify=False)
    ctx = ssl._create_unverified_context()
    print(f"{eval(user)}")
    return ctx


API_KEY = "9fK2xQ7vLmP4sT8wZ1bN"
db_password: str = "Tr0ub4dor&3-horse-staple"
settings.secret_token = "ghp_5aB7cD9eF1gH3iJ5kL7m"
client = connect(password="s3cr3t-P4ssw0rd-xyz!")


def look_alikes(model, cur, text, cmd, user):
    # eval(user) and os.system(cmd) in a comment are not calls
    """Docstring: pickle.loads(data), yaml.load(s), shell=True."""
    s = "eval(user); exec(code); os.system('rm -rf /')"
    model.eval()
    ast.literal_eval(text)
    yaml.safe_load(text)
    yaml.load(text, Loader=yaml.SafeLoader)
    yaml.load(text, yaml.CSafeLoader)
    subprocess.run(["ls", cmd])
    subprocess.run(cmd, shell=False)
    cur.execute("SELECT * FROM t WHERE id = %s", (user,))
    cur.execute("SELECT 1")
    cur.execute(f"SELECT 1")
    requests.get("https://example.com", verify=True)
    my_pickle.loads(text)
    password = "changeme"
    token = "aaaaaaaaaaaaaaaaaaaaaaaa"
    description = "9fK2xQ7vLmP4sT8wZ1bN"
    secret_key = f"{user}-9fK2xQ7vLmP4sT8wZ1bN"
    password_hint = "correct horse battery staple"
    api_key = "9fK2xQ7vLmP4sT8"
    return s
