print("signin")
